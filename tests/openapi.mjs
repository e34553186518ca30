// tests/openapi.mjs: lints docs/openapi.json with a real validator
// (@apidevtools/swagger-parser against the OpenAPI 3.1 schema, every schema
// compiled by ajv's 2020-12 draft with ajv-formats), and checks that the
// routes of api/api_reply.c's table and the description's operations are the
// same set, so neither can drift from the other. The packages come from
// tests/browser (package-lock.json); NODE_PATH names them in a build tree.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const SRC = process.env.FLEXHOURS_SRCDIR || path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(SRC, 'tests', 'browser', 'package.json'));
let SwaggerParser, Ajv2020, addFormats;
try {
  SwaggerParser = require('@apidevtools/swagger-parser');
  Ajv2020 = require('ajv/dist/2020').default;
  addFormats = require('ajv-formats').default;
} catch (e) {
  console.log(`tests/browser has no validator packages (${e.message.split('\n')[0]}): run npm ci there`);
  process.exit(99);
}

let failures = 0;
const check = (ok, what) => {
  if (!ok) {
    failures++;
    console.log('FAIL:', what);
  }
  return ok;
};

const docPath = path.join(SRC, 'docs', 'openapi.json');
const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));
check(doc.openapi === '3.1.0', `openapi is 3.1.0, not ${doc.openapi}`);

// 1. The OpenAPI 3.1 schema and every $ref (validate() dereferences a copy).
try {
  await SwaggerParser.validate(structuredClone(doc));
} catch (e) {
  check(false, `swagger-parser: ${e.message}`);
}

// 2. Every schema compiles as JSON Schema 2020-12, in ajv's strict mode; and
// uses only the keywords tests/e2e/fhtest.py's checker implements.
const KNOWN = new Set(['$ref', 'type', 'properties', 'required', 'additionalProperties', 'items',
  'enum', 'const', 'pattern', 'minimum', 'maximum', 'description', 'format']);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const schemas = [];
const walkSchema = (s, where) => {
  if (s === null || typeof s !== 'object') return;
  for (const k of Object.keys(s))
    check(KNOWN.has(k), `${where}: keyword ${k} is outside what fhtest.py checks`);
  for (const [n, p] of Object.entries(s.properties || {})) walkSchema(p, `${where}.${n}`);
  if (s.items) walkSchema(s.items, `${where}[]`);
  if (typeof s.additionalProperties === 'object') walkSchema(s.additionalProperties, `${where}.*`);
};
// The description's schemas as one JSON Schema document whose $defs its
// references name.
const withRefs = (s) =>
  JSON.parse(JSON.stringify(s).replaceAll('"#/components/schemas/', '"openapi.json#/$defs/'));
try {
  ajv.addSchema({ $id: 'openapi.json', $defs: withRefs(doc.components.schemas) });
} catch (e) {
  check(false, `components.schemas: ajv: ${e.message}`);
}
for (const [name, s] of Object.entries(doc.components.schemas)) schemas.push([`schemas.${name}`, s]);
const ops = [];
for (const [p, item] of Object.entries(doc.paths))
  for (const [method, op] of Object.entries(item)) {
    ops.push([method.toUpperCase(), p, op]);
    for (const [st, r] of Object.entries(op.responses))
      for (const [type, m] of Object.entries(r.content || {})) schemas.push([`${method} ${p} ${st} ${type}`, m.schema]);
    for (const [type, m] of Object.entries(op.requestBody?.content || {})) schemas.push([`${method} ${p} body ${type}`, m.schema]);
    for (const prm of op.parameters || []) schemas.push([`${method} ${p} ${prm.name}`, prm.schema]);
  }
for (const [name, r] of Object.entries(doc.components.responses))
  for (const m of Object.values(r.content || {})) schemas.push([`responses.${name}`, m.schema]);
for (const [where, s] of schemas) {
  walkSchema(s, where);
  try {
    ajv.compile(withRefs(s));
  } catch (e) {
    check(false, `${where}: ajv: ${e.message}`);
  }
}
// The error body the API sends, validated as a sample.
const errorOk = ajv.compile(withRefs({ $ref: '#/components/schemas/Error' }));
check(errorOk({ error: { code: 'invalid_field', message: 'start: missing', field: 'start' } }), 'a sample error body is valid');
check(!errorOk({ error: { code: 'no_such_code', message: 'x' } }), 'an unknown error code is refused');

// 3. Each operation: a documented success, errors as the Error body, a JSON
// request body that refuses unknown fields (as the API does).
const resolve = (s) => (s && s.$ref ? s.$ref.split('/').slice(1).reduce((n, k) => n[k], doc) : s);
for (const [method, p, op] of ops) {
  const statuses = Object.keys(op.responses);
  check(statuses.some((s) => s.startsWith('2')), `${method} ${p}: no success documented`);
  for (const st of statuses.filter((s) => s >= '400')) {
    const schema = resolve(op.responses[st]).content?.['application/json']?.schema;
    check(schema?.$ref === '#/components/schemas/Error', `${method} ${p} ${st}: not the Error body`);
  }
  const body = resolve(op.requestBody?.content?.['application/json']?.schema);
  if (body) check(body.additionalProperties === false, `${method} ${p}: the body schema allows unknown fields`);
  check(Array.isArray(op.security), `${method} ${p}: security not stated`);
}

// 4. The route table and the description name the same operations.
const table = fs.readFileSync(path.join(SRC, 'api', 'api_reply.c'), 'utf8');
const routes = new Set();
for (const m of table.matchAll(/\{"(\/[^"]*)", HTTP_(GET|POST|DELETE|PUT|PATCH), api_\w+\}/g))
  routes.add(`${m[2]} ${m[1]}`);
check(routes.size >= 30, `api_reply.c's route table read (${routes.size} routes)`);
const described = new Set(ops.map(([method, p]) => `${method} ${p.replace(/\{[^}]+\}/g, '*')}`));
for (const r of routes) check(described.has(r), `${r}: in api/api_reply.c's routes, not in docs/openapi.json`);
for (const d of described) check(routes.has(d), `${d}: in docs/openapi.json, not in api/api_reply.c's routes`);

console.log(`${ops.length} operations, ${routes.size} routes, ${schemas.length} schemas checked`);
console.log(failures ? `FAIL (${failures})` : 'PASS');
process.exit(failures ? 1 : 0);
