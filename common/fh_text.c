/* fh_text.c: the Traditional Chinese of the English messages that the
 * modules return (a validator's reason, a refusal, a date parser's reason,
 * an API error), looked up where a message leaves the service for a person
 * who reads zh-TW. The English text is the key, as with gettext's msgid: a
 * module keeps returning plain static strings, and one catalog holds the
 * other language. The table is sorted by its English key (the unit test
 * checks it), for a binary search. */
#include "common/fh.h"

#include <stdlib.h>
#include <string.h>

struct entry {
    const char *en, *zh;
};

/* Sorted by en (strcmp order: capitals before small letters). */
static const struct entry catalog[] = {
    {"A booking can be checked in only on its own day; that day is over.",
     "預約只能在預約當日報到；預約日已經過了。"},
    {"A booking can be checked in only on its own day; this one is on a later day.",
     "預約只能在預約當日報到；這筆預約在之後的日期。"},
    {"A booking can be marked a no-show only once its start and the grace minutes after it have "
     "passed.",
     "預約須在開始時間加上寬限時間過後，才能登記為未到。"},
    {"A designated effective date is filed on an office day; this booking is not on one.",
     "指定生效日須於上班日申請；這筆預約不在上班日。"},
    {"Booking for that day has not opened yet.", "該日尚未開放預約。"},
    {"Booking for that slot has closed.", "該時段的預約已截止。"},
    {"No window that takes this service has a slot starting at that time.",
     "受理此項業務的時段中，沒有在這個時間開始的時段。"},
    {"Online booking is suspended for you at this office because of bookings you did not come "
     "to; you can still call the office or come in person.",
     "您因預約未到次數過多，在本所的線上預約已暫停；您仍可致電戶政事務所，或親自到所辦理。"},
    {"Places on that date have not been released for booking yet.", "該日的名額尚未開放預約。"},
    {"That slot has already begun.", "該時段已經開始。"},
    {"That slot has no place left.", "該時段已額滿。"},
    {"That window is suspended on this day.", "該時段當日暫停服務。"},
    {"The booking can be taken.", "可以預約。"},
    {"The booking may be checked in.", "可以報到。"},
    {"The designated effective date is not within the office days allowed before it.",
     "指定生效日不在可預先申請的上班日數內。"},
    {"The designated effective date is too many office days after the booking.",
     "指定生效日距預約日超過可預先申請的上班日數。"},
    {"The designated effective date must come after the day of the booking.",
     "指定生效日須在預約當日之後。"},
    {"The office is closed that day.", "戶政事務所當日停止上班。"},
    {"The survey can be answered.", "可以填寫問卷。"},
    {"The survey opens once the visit has taken place.", "辦理完成後才會開放問卷。"},
    {"This office does not ask for a survey.", "本所未提供滿意度問卷。"},
    {"This service takes no designated effective date at this office.",
     "本所此項業務不受理指定生效日。"},
    {"This survey has been answered already. Thank you: your answer counted once.",
     "這份問卷已經填過了。謝謝您，您的回答已計入一次。"},
    {"This survey is closed.", "這份問卷已結束。"},
    {"This window takes bookings from residents of the district only.",
     "此時段僅受理本區居民預約。"},
    {"You already hold a booking on that day.", "您當日已有一筆預約。"},
    {"You already hold an active booking for this service.", "您已預約此項業務，尚未辦理。"},
    {"Your partner already holds a booking on that day.", "您的另一半當日已有一筆預約。"},
    {"Your partner already holds an active booking for this service.",
     "您的另一半已預約此項業務，尚未辦理。"},
    {"Your partner's online booking is suspended at this office because of bookings they did not "
     "come to.",
     "您的另一半因預約未到次數過多，在本所的線上預約已暫停。"},
    {"a domain name cannot start or end with a hyphen", "網域名稱的開頭或結尾不能是連字號"},
    {"a feed covers at most 400 days", "行事曆訂閱最多涵蓋 400 天"},
    {"a manager's bearer token is required", "需要管理者的存取權杖"},
    {"a mobile number, not a landline", "這是手機號碼，不是市話"},
    {"a valid feed key is required", "需要有效的訂閱金鑰"},
    {"already on another duty that day", "當天已有其他值班"},
    {"already on noon or evening duty that day", "當天已有午間或夜間值班"},
    {"already on that duty", "已經在這個值班"},
    {"an RFC 3339 time needs an offset (Z or +08:00)", "RFC 3339 時間需要時差（Z 或 +08:00）"},
    {"an extension has at most 5 digits", "分機最多 5 位數"},
    {"at the monthly cap of duties", "已達每月值班次數上限"},
    {"banned from that duty by the manager", "主管已排除此人值這個班"},
    {"before from", "早於起始日期"},
    {"blank", "只有空白"},
    {"character not allowed before @", "@ 之前有不允許的字元"},
    {"character not allowed in the domain", "網域中有不允許的字元"},
    {"check digit does not match", "檢查碼不符"},
    {"give a mobile number or an e-mail address", "請提供手機號碼或電子郵件地址"},
    {"give a phone number (a landline will do) or an e-mail address",
     "請提供電話號碼（市話亦可）或電子郵件地址"},
    {"given more than once", "重複出現"},
    {"holds a NUL character", "含有 NUL 字元"},
    {"holds a control character", "含有控制字元"},
    {"longer than 100 characters", "超過 100 個字"},
    {"longer than 254 characters", "超過 254 個字元"},
    {"longer than 500 characters", "超過 500 個字"},
    {"misplaced dot before @", "@ 之前的句點位置不正確"},
    {"missing", "未填寫"},
    {"missing (YYYY-MM-DD)", "未填寫（YYYY-MM-DD）"},
    {"missing (the messages tell people why)", "未填寫（通知訊息會告訴民眾原因）"},
    {"month out of range", "月份超出範圍"},
    {"must be \"zh-TW\" or \"en\"", "必須是 \"zh-TW\" 或 \"en\""},
    {"must be 1 to 1000", "必須是 1 到 1000"},
    {"must be 1, 2, 3, 4 or 5", "必須是 1、2、3、4 或 5"},
    {"must be a Taiwan landline with its area code, such as 02-2345-6789 or 04 2222 3333, and an "
     "extension after #",
     "必須是含區碼的臺灣市話，例如 02-2345-6789 或 04 2222 3333，分機寫在 # 之後"},
    {"must be a Taiwan mobile (0912 345 678) or a landline with its area code (02-2345-6789, #123 "
     "for an extension)",
     "必須是臺灣手機（0912 345 678）或含區碼的市話（02-2345-6789，分機寫 #123）"},
    {"must be a Taiwan mobile number, 09xxxxxxxx or +8869xxxxxxxx",
     "必須是臺灣手機號碼：09xxxxxxxx 或 +8869xxxxxxxx"},
    {"must be a language code or null", "必須是語言代碼或 null"},
    {"must be a letter followed by 9 digits", "必須是 1 個英文字母加 9 個數字"},
    {"must be a string", "必須是字串"},
    {"must be an integer from 1 to 5", "必須是 1 到 5 的整數"},
    {"must be an object: {\"wheelchair\", \"priority_counter\", \"interpreter\"}",
     "必須是物件：{\"wheelchair\", \"priority_counter\", \"interpreter\"}"},
    {"must be hak, tsl, en, vi, id or th (Hakka, Taiwanese Sign Language, English, Vietnamese, "
     "Indonesian, Thai)",
     "必須是 hak、tsl、en、vi、id 或 th（客語、台灣手語、英語、越南語、印尼語、泰語）"},
    {"must be phone, fax, counter or web", "必須是 phone、fax、counter 或 web"},
    {"must be printable ASCII without spaces", "必須是不含空白的可列印 ASCII 字元"},
    {"must be true or false", "必須是 true 或 false"},
    {"must be zh-TW or en", "必須是 zh-TW 或 en"},
    {"must have 1 to 255 characters", "必須有 1 到 255 個字元"},
    {"must hold exactly one @", "必須恰好有一個 @"},
    {"must start with a letter", "必須以英文字母開頭"},
    {"no booking with this code and manage token", "找不到此預約代碼與管理碼相符的預約"},
    {"no fractions of a second", "不能有不足一秒的部分"},
    {"no such booking", "沒有這筆預約"},
    {"no such day in that month", "該月沒有這一天"},
    {"no such message", "沒有這則訊息"},
    {"no such office", "沒有這個戶政事務所"},
    {"no such resource", "沒有這個資源"},
    {"no such time of day", "沒有這個時刻"},
    {"no window of that duty opens that day", "當天沒有這個值班的時段"},
    {"not a date of the form YYYY-MM-DD", "日期格式必須是 YYYY-MM-DD"},
    {"not a month of the form YYYY-MM", "月份格式必須是 YYYY-MM"},
    {"not a service of this office", "不是此戶政事務所受理的業務"},
    {"not a time of the form HH:MM", "時間格式必須是 HH:MM"},
    {"not an RFC 3339 time (YYYY-MM-DDTHH:MM:SS+08:00)",
     "不是 RFC 3339 時間（YYYY-MM-DDTHH:MM:SS+08:00）"},
    {"not ready", "尚未就緒"},
    {"not valid UTF-8", "不是有效的 UTF-8"},
    {"on leave that day", "當天休假"},
    {"only a marriage (a couple's service) takes an effective date",
     "只有結婚登記（二人共同辦理的業務）可以指定生效日"},
    {"only a service made by a couple takes a partner", "只有雙方一同辦理的業務才需要填寫另一半"},
    {"only staff booking for a citizen say how it came (a citizen's is web)",
     "只有代民眾預約的同仁可以指定預約管道（民眾自行預約為 web）"},
    {"over the working days in a row", "超過連續上班天數的上限"},
    {"second character must be 1, 2, 8 or 9", "第二碼必須是 1、2、8 或 9"},
    {"slots start on a whole minute", "時段從整分鐘開始"},
    {"the answer stored with this idempotency key can no longer be replayed",
     "此 Idempotency-Key 所儲存的回應已無法再次取得"},
    {"the body is larger than 16 KiB", "內容超過 16 KiB"},
    {"the body is not JSON in UTF-8", "內容不是 UTF-8 編碼的 JSON"},
    {"the body must be a JSON object", "內容必須是 JSON 物件"},
    {"the body must be sent as Content-Type: application/json",
     "內容必須以 Content-Type: application/json 送出"},
    {"the booking could not be stored; please try again", "預約未能儲存，請再試一次"},
    {"the booking's office is no longer served here", "此預約的戶政事務所已不在本系統服務"},
    {"the booking's service is no longer offered here", "此預約的業務已不再受理"},
    {"the domain must be a full name such as example.com.tw",
     "網域必須是完整名稱，例如 example.com.tw"},
    {"the domain must be names of 1 to 63 characters joined by dots",
     "網域必須由 1 到 63 個字元的名稱以句點連接"},
    {"the manage token is required (X-Manage-Token header or ?token=)",
     "需要預約管理碼（X-Manage-Token 標頭或 ?token=）"},
    {"the part before @ must have 1 to 64 characters", "@ 之前必須有 1 到 64 個字元"},
    {"the range may cover at most 366 days", "查詢範圍最多 366 天"},
    {"the roster's rules do not allow it", "排班規則不允許"},
    {"the same as the first person's", "與第一位申請人相同"},
    {"the store failed", "資料儲存發生錯誤"},
    {"the survey is answered with the booking's manage token or link key",
     "問卷須以預約的管理權杖或連結金鑰填寫"},
    {"this Idempotency-Key was used with another request body",
     "此 Idempotency-Key 已用於另一個不同的請求"},
    {"this resource does not take that method", "此資源不接受這個方法"},
    {"too long for a Taiwan landline", "超過臺灣市話號碼的長度"},
    {"too long for a Taiwan mobile number", "超過臺灣手機號碼的長度"},
    {"too many booking requests from this address; try again shortly",
     "此位址的預約請求過多，請稍後再試"},
    {"too many failed lookups from this address; try again later",
     "此位址查詢失敗的次數過多，請稍後再試"},
    {"try again later", "請稍後再試"},
    {"unknown field", "不認得的欄位"},
    {"unknown need (wheelchair, priority_counter and interpreter are)",
     "不認得的需求（可用 wheelchair、priority_counter、interpreter）"},
    {"unknown query argument", "不認得的查詢參數"},
    {"year out of range", "年份超出範圍"},
};

static int compare(const void *key, const void *elem)
{
    return strcmp(key, ((const struct entry *)elem)->en);
}

const char *fh_zh(const char *en)
{
    if (en == NULL)
        return NULL;
    const struct entry *e =
        bsearch(en, catalog, sizeof catalog / sizeof catalog[0], sizeof catalog[0], compare);
    return e != NULL ? e->zh : en;
}

bool fh_text_catalog_sorted(void)
{
    for (size_t i = 1; i < sizeof catalog / sizeof catalog[0]; i++)
        if (strcmp(catalog[i - 1].en, catalog[i].en) >= 0)
            return false;
    return true;
}
