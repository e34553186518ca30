#!/bin/sh
# Generates ./configure from configure.ac and Makefile.am, after listing the
# data-driven test cases that automake needs spelled out.
set -e
cd "$(dirname "$0")"
tests/cases/update-list.sh
tests/roster/update-list.sh
autoreconf --install --force
