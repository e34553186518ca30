/* web_text.h: every word of the pages, in Traditional Chinese and English,
 * in one table (one row per text: its name, zh-TW, en). A page asks for a
 * text by name (web_t); adding a language is adding a column. */
#ifndef WEB_TEXT_H
#define WEB_TEXT_H

/* clang-format off */
#define WEB_TEXTS(X) \
    X(T_NONE, "", "") \
    X(T_SITE_NAME, "戶政彈性時段預約", "Household registration appointments") \
    X(T_SKIP_LINK, "跳到主要內容", "Skip to main content") \
    X(T_FOOTER, "戶政事務所的午間、夜間、週六與假日結婚登記預約服務。", \
      "Booking for the household registration office's noon, evening, Saturday and holiday marriage services.") \
    X(T_FIND_LINK, "查詢、改期或取消預約", "Find, move or cancel a booking") \
    X(T_GO_HOME, "回到首頁", "Go to the start page") \
    X(T_BACK, "上一步", "Back") \
    X(T_CONTINUE, "繼續", "Continue") \
    X(T_CHANGE, "修改", "Change") \
    X(T_STEP, "步驟 ", "Step ") \
    X(T_STEP_OF, "／", " of ") \
    X(T_LIST_SEP, "、", ", ") \
    X(T_ERROR_PREFIX, "錯誤：", "Error: ") \
    X(T_ERROR_SUMMARY, "請修正以下問題", "There is a problem") \
    X(T_ERROR_HEADING, "很抱歉，發生問題", "Sorry, there is a problem") \
    X(T_INTERNAL_BODY, "系統暫時無法處理您的要求，請稍後再試。您的資料沒有被變更。", \
      "We could not do this just now. Nothing was changed; please try again later.") \
    X(T_NOT_STORED_BODY, "您的預約沒有完成，也沒有被記錄。請稍後再試一次。", \
      "Your booking was not made and nothing was saved. Please try again in a moment.") \
    X(T_NOT_FOUND_HEADING, "找不到這個頁面", "Page not found") \
    X(T_NOT_FOUND_BODY, "網址可能打錯了，或這個頁面已經不存在。", \
      "The address may be wrong, or the page is no longer here.") \
    X(T_METHOD_BODY, "這個頁面不接受這樣的操作。", "This page cannot be used that way.") \
    X(T_TOO_LARGE_BODY, "送出的資料太多了。", "Too much was sent.") \
    X(T_FORM_ONLY, "請使用頁面上的表單送出。", "Please send this from the form on the page.") \
    X(T_CSRF_HEADING, "這個頁面已經過期", "This page has expired") \
    X(T_CSRF_BODY, "為了保護您的資料，表單只能在開啟後幾個小時內送出。請回到上一頁重新整理後再送出一次。", \
      "To keep your details safe, a form can only be sent for a few hours after it was opened. Go back, reload the page and send it again.") \
    X(T_TOO_MANY_HEADING, "查詢次數太多", "Too many tries") \
    X(T_TOO_MANY_BODY, "為了保護大家的預約，請稍等一分鐘後再試。", \
      "To protect everyone's bookings, please wait a minute and try again.") \
    /* the office's home */ \
    X(T_CHOOSE_OFFICE, "選擇戶政事務所", "Choose an office") \
    X(T_OFFICE_INTRO, "在上班時間以外也能辦理：中午、晚上、週六上午，以及假日的結婚登記。線上預約時段，到場免排隊。", \
      "Come outside office hours: at noon, in the evening, on Saturday mornings, and for marriage registration on holidays. Book a time online and skip the queue.") \
    X(T_START_BOOKING, "開始預約", "Book an appointment") \
    X(T_HOURS_HEADING, "服務時段", "When you can come") \
    X(T_HOURS_REGULAR, "上班時間", "Office hours") \
    X(T_HOURS_NOON, "午間", "Noon") \
    X(T_HOURS_EVENING, "夜間", "Evening") \
    X(T_HOURS_SATURDAY, "週六上午", "Saturday morning") \
    X(T_HOURS_HOLIDAY, "假日結婚登記", "Holiday marriage registration") \
    X(T_EXPLAIN_REGULAR, "上班日。可現場抽號碼牌，預約的民眾免排隊。", \
      "Working days. Walk in and take a number, or book to skip the queue.") \
    X(T_EXPLAIN_NOON, "上班日中午不休息，預約時段到場免排隊。", \
      "Working days, open over lunch. Book a time and skip the queue.") \
    X(T_EXPLAIN_EVENING, "上班日下班後延長服務。", "Working days, after office hours.") \
    X(T_EXPLAIN_SATURDAY, "須預約。受理須本人親自辦理的案件，例如結婚、改名、印鑑與身分證。", \
      "By appointment, for cases you must file in person, such as marriage, a name change, a seal or an ID card.") \
    X(T_EXPLAIN_HOLIDAY, "週日與國定假日，須預約，由戶政事務所確認後派員受理。結婚登記的日期就是結婚生效的日期。", \
      "Sundays and public holidays, by appointment; the office confirms and sends staff. The day you register is the day your marriage takes effect.") \
    X(T_SERVICES_HEADING, "可以預約的業務", "What you can book") \
    X(T_ALREADY_BOOKED, "已經預約了嗎？", "Already booked?") \
    X(T_ALREADY_BOOKED_BODY, "用確認信或簡訊中的連結就能查看、改期或取消。找不到訊息時：", \
      "The link in your confirmation e-mail or text message lets you see, move or cancel it. Lost the message?") \
    /* step 1 */ \
    X(T_SERVICE_TITLE, "您要辦理什麼業務？", "What do you need to do?") \
    X(T_OFFERED_IN, "可預約時段：", "Offered: ") \
    X(T_DOCUMENTS_TO_BRING, "應備證件（請帶正本）：", "Documents to bring (originals):") \
    X(T_PICK_SERVICE, "請選擇要辦理的業務", "Choose what you need to do") \
    /* steps 2 and 3 */ \
    X(T_DAY_TITLE, "選擇日期", "Choose a day") \
    X(T_MOVE_DAY_TITLE, "改到哪一天？", "Which day would you like instead?") \
    X(T_DAY_HOWTO, "可以預約的日期是連結，並標示開放的時段。", \
      "Days you can book are links, with the times of day they open.") \
    X(T_DAY_NONE_THIS_MONTH, "這個月已經沒有可以預約的時段了，請看下一個月。", \
      "There are no places left this month. Try the next month.") \
    X(T_DAY_LEGEND, "沒有列出時段的日期不開放預約；標示「額滿」的日期已經沒有名額。", \
      "Days without times listed are not open for booking; days marked Full have no places left.") \
    X(T_WHEN_OPEN_HEADING, "什麼時候可以預約", "When booking opens") \
    X(T_RULE_BEFORE, "前 ", "") \
    X(T_RULE_DAYS, " 天", " days before") \
    X(T_RULE_DAY, " 天", " day before") \
    X(T_RULE_WORKING_DAYS, " 個上班日", " working days before") \
    X(T_RULE_WORKING_DAY, " 個上班日", " working day before") \
    X(T_RULE_AT, " ", " at ") \
    X(T_RULE_SAME_TIME, "的同一時間", " at the same time of day") \
    X(T_RULE_OPENS, " 開放", "") \
    X(T_RULE_CLOSES, " 截止", "") \
    X(T_RULE_OPENS_EN, "", "opens ") \
    X(T_RULE_CLOSES_EN, "，", ", closes ") \
    X(T_DAY_HAS_PLACES, "有名額：", "places available:") \
    X(T_DAY_FULL, "額滿", "Full") \
    X(T_OPENS_BEFORE, "", "opens ") \
    X(T_OPENS_AFTER, " 開放預約", "") \
    X(T_TIME_NOT_RELEASED, "這一天的名額在指定時間開放預約：", \
      "Places on this day are released at a set time: booking ") \
    X(T_RELEASED_DATES, "指定時間開放的日期：", "Dates released at a set time: ") \
    X(T_RELEASES_HEADING, "指定時間開放預約的日期", "Dates that open for booking at a set time") \
    X(T_DAY_NO_PLACES, "無可預約時段", "no places") \
    X(T_MONTHS, "其他月份", "Other months") \
    X(T_TIME_TITLE, "選擇時間", "Choose a time") \
    X(T_MOVE_TIME_TITLE, "改到幾點？", "Which time would you like instead?") \
    X(T_TIME_NONE, "這一天已經沒有可以預約的時間了。", "There are no times left on this day.") \
    X(T_CHOOSE_ANOTHER_DAY, "選擇其他日期", "Choose another day") \
    X(T_PLACES_BEFORE, "剩 ", "") \
    X(T_PLACES_AFTER, " 個名額", " places left") \
    X(T_PLACE_AFTER, " 個名額", " place left") \
    X(T_PICK_TIME, "請選擇時間", "Choose a time") \
    X(T_SLOT_GONE, "這個時間已經不能預約了，請選擇其他時間。", \
      "That time can no longer be booked. Choose another time.") \
    X(T_MOVING_FROM, "目前的預約：", "Your booking now:") \
    X(T_MOVE_HERE, "改到這個時間", "Move to this time") \
    X(T_WIN_REGULAR, "日間", "Office hours") \
    X(T_WIN_NOON, "午間", "Noon") \
    X(T_WIN_EVENING, "夜間", "Evening") \
    X(T_WIN_SATURDAY, "週六", "Saturday") \
    X(T_WIN_HOLIDAY, "假日", "Holiday") \
    X(T_WIN_REGULAR_SHORT, "日間", "Day") \
    X(T_WIN_NOON_SHORT, "午間", "Noon") \
    X(T_WIN_EVENING_SHORT, "夜間", "Eve") \
    X(T_WIN_SATURDAY_SHORT, "週六", "Sat") \
    X(T_WIN_HOLIDAY_SHORT, "假日", "Hol") \
    X(T_REFUSED_FULL, "您選的時間剛好額滿了，請選擇其他時間。", \
      "The time you chose has just been taken. Choose another time.") \
    X(T_REFUSED_GONE, "這個時間已經不開放預約，請選擇其他時間。", \
      "That time is no longer open for booking. Choose another time.") \
    X(T_REFUSED_CLOSED, "這個時間的預約已經截止，請選擇其他時間。", \
      "Booking for that time has closed. Choose another time.") \
    X(T_REFUSED_NOT_OPEN, "這一天還沒有開放預約，請選擇較近的日期。", \
      "Booking for that day has not opened yet. Choose an earlier day.") \
    X(T_REFUSED_RESIDENT, "這個時段只受理設籍本區的居民，您的回答是「不是」，所以無法預約。請另選時段，或更改您的回答。", "That time is for residents of the district only, and you answered that you are not one, so it cannot be booked. Choose another time, or change your answer.") \
    X(T_REFUSED_DUPLICATE, "您（或您的另一半）已經有一筆同樣業務的預約還沒辦理。要換時間，請用那筆預約的連結改期。", \
      "You (or your partner) already have a booking for this that has not taken place yet. To change its time, move it with the link of that booking.") \
    X(T_REFUSED_DAILY, "您（或您的另一半）當天已經有預約了；每人每天只能預約一個時段。", \
      "You (or your partner) already have a booking that day; each person can book one time a day.") \
    X(T_REFUSED_SUSPENDED, "您（或您的另一半）因預約未到次數過多，在本所的線上預約已暫停。您仍可致電戶政事務所預約，或親自到所抽號辦理。", \
      "Online booking at this office is suspended for you (or your partner) because of bookings you did not come to. You can still call the office to book, or come in person and take a queue number.") \
    X(T_SUSPENDED_UNTIL, "可以再線上預約的日期：", "You can book online again from ") \
    X(T_SUSPENDED_TITLE, "目前無法線上預約", "You cannot book online at the moment") \
    X(T_SUSPENDED_BODY, "您（或您的另一半）因預約未到的次數過多，在本所的線上預約已暫停。", \
      "Online booking at this office is suspended for you (or your partner) because of bookings you did not come to.") \
    X(T_SUSPENDED_NOT_BOOKED, "這次的預約沒有完成，也沒有為您保留時段。", \
      "This booking was not made, and no time is kept for you.") \
    X(T_SUSPENDED_INSTEAD, "您仍然可以", "What you can do instead") \
    X(T_SUSPENDED_CALL, "致電戶政事務所，由服務人員為您預約。", \
      "Book by phone: call the office and staff will book a time for you.") \
    X(T_SUSPENDED_VISIT, "親自到所抽號碼牌辦理，不需要預約", \
      "Come in person and take a queue number; no booking is needed") \
    X(T_SUSPENDED_AT, "：", ": ") \
    /* step 4 */ \
    X(T_DETAILS_TITLE, "您的資料", "Your details") \
    X(T_FIRST_PERSON, "申請人", "You") \
    X(T_NAME, "姓名", "Full name") \
    X(T_NAME_HINT, "與身分證上相同", "As on your ID card") \
    X(T_NATIONAL_ID, "身分證字號", "National ID number") \
    X(T_NATIONAL_ID_HINT, "例如 A123456789（居留證號碼也可以）。只用來確認身分與預約次數，頁面上不會完整顯示。", \
      "For example A123456789 (a resident certificate number works too). Used only to check who you are and how many bookings you hold; never shown in full.") \
    X(T_NATIONAL_ID_HINT_SHORT, "例如 A223456781", "For example A223456781") \
    X(T_PARTNER, "另一半", "Your partner") \
    X(T_EFFECTIVE_HEADING, "指定生效日（選填）", "Effective date (designated date), optional") \
    X(T_EFFECTIVE_WHY_1, "結婚登記在辦理當天生效。若希望在之後的日期（例如假日）生效，可在該日之前 ", \
      "A marriage takes effect on the day it is registered. To have it take effect on a later date, such as a holiday, you may register it on a working day up to ") \
    X(T_EFFECTIVE_WHY_2, " 個上班日內預先辦理，並在這裡填寫指定生效日。不需要請留空。", \
      " office days before that date and give the date here. Leave it empty otherwise.") \
    X(T_EFFECTIVE_DATE, "指定生效日", "Effective date (designated date)") \
    X(T_EFFECTIVE_DATE_HINT, "例如 2027-05-20", "For example, 2027-05-20") \
    X(T_EFFECTIVE_SUFFIX, "（指定日期生效）", " (designated date)") \
    X(T_ERR_EFFECTIVE_FORM, "請以 年-月-日 填寫指定生效日，例如 2027-05-20", \
      "Enter the effective date as year-month-day, for example 2027-05-20") \
    X(T_ERR_EFFECTIVE_NOT_AFTER, "指定生效日須在辦理當天之後", \
      "The effective date must come after the day you register") \
    X(T_ERR_EFFECTIVE_TOO_FAR, "指定生效日離辦理日太遠，超過可預先辦理的上班日數；請選較晚的辦理日，或較早的生效日", \
      "The effective date is too many office days after the day you register: choose a later visit or an earlier date") \
    X(T_ERR_EFFECTIVE_OFFICE_DAY, "預先辦理須在上班日；請選上班日的時段", \
      "Registering ahead of the date is done on a working day: choose a time on a working day") \
    X(T_ERR_EFFECTIVE_NOT_OFFERED, "本所不受理指定生效日", "This office does not take designated effective dates") \
    X(T_PARTNER_WHY, "結婚登記由雙方一起到場辦理，一筆預約就包含兩位。", \
      "You both come to register your marriage: one booking covers you both.") \
    X(T_PARTNER_NAME, "另一半的姓名", "Your partner's full name") \
    X(T_PARTNER_NATIONAL_ID, "另一半的身分證字號", "Your partner's national ID number") \
    X(T_CONTACT, "如何通知您", "How we tell you") \
    X(T_CONTACT_WHY, "請至少填寫一項。確認、提醒與異動都會通知您。", \
      "Give at least one. We send the confirmation, reminders and any change.") \
    X(T_PHONE, "手機號碼", "Mobile phone number") \
    X(T_PHONE_HINT, "例如 0912 345 678，用來傳送簡訊提醒", "For example 0912 345 678, for text message reminders") \
    X(T_EMAIL, "電子郵件", "E-mail address") \
    X(T_EMAIL_HINT, "確認信與行事曆邀請會寄到這裡", "We send the confirmation and a calendar invite here") \
    X(T_LANG_LEGEND, "通知訊息的語言", "Language of our messages") \
    X(T_ERR_NAME_MISSING, "請輸入姓名", "Enter your full name") \
    X(T_ERR_PARTNER_NAME_MISSING, "請輸入另一半的姓名", "Enter your partner's full name") \
    X(T_ERR_NAME_LONG, "姓名不能超過 100 個字", "A name can be at most 100 characters") \
    X(T_ERR_NAME_CHARS, "姓名裡有無法使用的字元", "The name holds characters that cannot be used") \
    X(T_ERR_ID_MISSING, "請輸入身分證字號", "Enter a national ID number") \
    X(T_ERR_PARTNER_ID_MISSING, "請輸入另一半的身分證字號", "Enter your partner's national ID number") \
    X(T_ERR_ID_FORM, "身分證字號是 1 個英文字母加 9 個數字，例如 A123456789", \
      "An ID number is a letter and 9 digits, like A123456789") \
    X(T_ERR_ID_SECOND, "身分證字號的第 2 碼應該是 1 或 2（居留證是 8 或 9），請再核對一次", \
      "The second character should be 1 or 2 (8 or 9 on a resident certificate); please check it") \
    X(T_ERR_ID_CHECK_DIGIT, "身分證字號的檢查碼不符，請再核對一次", \
      "The last digit of this ID number does not match the others; please check it") \
    X(T_ERR_PARTNER_SAME, "另一半的身分證字號不能和您的相同", "Your partner's ID number cannot be the same as yours") \
    X(T_ERR_PHONE, "請輸入臺灣的手機號碼，例如 0912345678", "Enter a Taiwan mobile number, like 0912345678") \
    X(T_ERR_CONTACT_MISSING, "請至少留下手機號碼或電子郵件其中一項", "Give a mobile number or an e-mail address") \
    X(T_ERR_EMAIL, "請輸入正確的電子郵件地址，例如 name@example.com", \
      "Enter an e-mail address in the right form, like name@example.com") \
    X(T_ERR_LANG, "請選擇通知訊息的語言", "Choose the language of our messages") \
    X(T_ERR_GENERIC, "這一項需要修正", "This needs to be corrected") \
    /* step 5 */ \
    X(T_CHECK_TITLE, "確認預約內容", "Check your answers") \
    X(T_SUMMARY_SERVICE, "業務", "Service") \
    X(T_SUMMARY_DAY, "日期", "Day") \
    X(T_SUMMARY_TIME, "時間", "Time") \
    X(T_SUMMARY_PLACE, "地點", "Where") \
    X(T_NOT_GIVEN, "未填寫", "Not given") \
    X(T_CHECK_PROMISE, "送出後，這個時段就為您保留。我們會寄出確認與提醒；逾時 15 分鐘未到，預約會被取消。", \
      "Once you send this, the time is kept for you. We send a confirmation and reminders; if you are more than 15 minutes late, the booking is cancelled.") \
    X(T_BOOK_THIS, "預約這個時段", "Book this time") \
    /* the manage page */ \
    X(T_MANAGE_TITLE, "您的預約", "Your booking") \
    X(T_BOOKING_CODE, "預約代碼", "Booking code") \
    X(T_STATUS, "狀態：", "Status:") \
    X(T_STATUS_PENDING, "等待確認", "Awaiting confirmation") \
    X(T_STATUS_CONFIRMED, "已確認", "Confirmed") \
    X(T_STATUS_CANCELLED, "已取消", "Cancelled") \
    X(T_STATUS_CHECKED_IN, "已報到", "Checked in") \
    X(T_STATUS_COMPLETED, "已辦理", "Done") \
    X(T_STATUS_NO_SHOW, "未到", "Did not come") \
    X(T_PENDING_EXPLAINED, "假日結婚登記要等戶政事務所安排人員後確認。確認後我們會再通知您；在那之前這個時段已為您保留。", \
      "A holiday marriage registration waits for the office to arrange staff. We will tell you when it is confirmed; until then the time is held for you.") \
    X(T_ON_THE_DAY, "當天請注意", "On the day") \
    X(T_ON_THE_DAY_BODY, "請在預約時間前到達並告訴櫃檯您的預約代碼。逾時 15 分鐘未到，預約會被取消，需要現場抽號碼牌。", \
      "Arrive before your time and give the counter your booking code. If you are more than 15 minutes late the booking is cancelled and you need to take a number.") \
    X(T_MOVE_BUTTON, "改期", "Move to another time") \
    X(T_CANCEL_BUTTON, "取消預約", "Cancel booking") \
    X(T_ICS_DOWNLOAD, "加入行事曆（下載 .ics 檔）", "Add to your calendar (download .ics)") \
    X(T_ICS_CANCEL, "從行事曆移除（下載 .ics 檔）", "Remove from your calendar (download .ics)") \
    X(T_BOOK_AGAIN, "預約其他時間", "Book another time") \
    X(T_KEEP_THIS_PAGE, "這個頁面的網址就是您的預約連結，請不要分享給別人。", \
      "The address of this page opens your booking: do not share it.") \
    X(T_DONE_BOOKED, "預約完成", "Booking complete") \
    X(T_DONE_REQUESTED, "已收到您的預約申請", "Booking request received") \
    X(T_DONE_MOVED, "已改期", "Booking moved") \
    X(T_DONE_CANCELLED, "已取消預約", "Booking cancelled") \
    X(T_DONE_MESSAGE_SENT, "我們已寄出通知到您留下的手機或電子郵件。", \
      "We have sent a message to the phone or e-mail you gave.") \
    X(T_DONE_CANCELLED_BODY, "這個時段已經釋出給其他民眾。需要時可以重新預約。", \
      "The time is free for others now. You can book again whenever you need.") \
    X(T_BOOKING_NOT_FOUND, "找不到這筆預約", "Booking not found") \
    X(T_BOOKING_NOT_FOUND_BODY, "連結可能不完整。請直接點選訊息中的連結，或用預約代碼與身分證字號查詢。", \
      "The link may be incomplete. Open it straight from the message, or find the booking with its code and an ID number.") \
    X(T_CANCEL_TITLE, "確定要取消這筆預約嗎？", "Are you sure you want to cancel this booking?") \
    X(T_CANCEL_WARNING, "取消後，這個時段會釋出給其他民眾。", "Once cancelled, the time goes to someone else.") \
    X(T_KEEP_BOOKING, "不取消，回到預約", "No, keep my booking") \
    X(T_CANCEL_TOO_LATE, "這筆預約不能再取消", "This booking can no longer be cancelled") \
    X(T_CANCEL_TOO_LATE_BODY, "預約已經報到或辦理完成。如有問題請洽戶政事務所。", \
      "It has been checked in or done already. Please ask the office.") \
    /* find my booking */ \
    X(T_FIND_TITLE, "查詢預約", "Find your booking") \
    X(T_FIND_INTRO, "輸入預約代碼和預約人（或另一半）的身分證字號，就能查看、改期或取消。", \
      "Enter the booking code and the ID number of the person who booked (or their partner) to see, move or cancel it.") \
    X(T_CODE_HINT, "8 個英文字母或數字，在確認信或簡訊裡", "8 letters or digits, in your confirmation e-mail or text") \
    X(T_FIND_ID_HINT, "例如 A123456789", "For example A123456789") \
    X(T_FIND_BUTTON, "查詢", "Find booking") \
    X(T_FIND_NO_MATCH, "找不到符合的預約。請確認預約代碼與身分證字號是否正確。", \
      "No booking matches. Check the booking code and the ID number.") \
    X(T_ERR_CODE_MISSING, "請輸入預約代碼", "Enter the booking code") \
    X(T_ERR_CODE_FORM, "預約代碼是 8 個英文字母或數字", "A booking code is 8 letters or digits") \
    /* the manager pages (/admin/) */ \
    X(T_ADMIN_AREA, "管理與櫃台", "Managers and counter staff") \
    X(T_SIGNIN_TITLE, "登入管理頁面", "Sign in to the manager pages") \
    X(T_SIGNIN_INTRO, "供戶政事務所主管與櫃台同仁使用。民眾請回到首頁預約。", \
      "For the office's managers and counter staff. Citizens book from the start page.") \
    X(T_SIGNIN_NAME, "帳號", "User name") \
    X(T_SIGNIN_PASSWORD, "密碼", "Password") \
    X(T_SIGNIN_BUTTON, "登入", "Sign in") \
    X(T_SIGNIN_NAME_MISSING, "請輸入帳號", "Enter your user name") \
    X(T_SIGNIN_PASSWORD_MISSING, "請輸入密碼", "Enter your password") \
    X(T_SIGNIN_WRONG, "帳號或密碼不正確。連續錯誤 5 次，帳號會暫停登入 15 分鐘。", \
      "The user name or password is not right. After 5 wrong tries the account is locked for 15 minutes.") \
    X(T_SIGNIN_LOCKED, "錯誤次數太多，這個帳號暫停登入 15 分鐘。請稍後再試，或請主管重設密碼。", \
      "Too many wrong tries: this account is locked for 15 minutes. Try again later, or ask a manager to reset the password.") \
    X(T_SIGNED_OUT, "您已登出", "You have signed out") \
    X(T_SIGNED_IN_AS, "目前登入：", "Signed in as ") \
    X(T_SIGNOUT_BUTTON, "登出", "Sign out") \
    X(T_ROLE_MANAGER, "主管", "manager") \
    X(T_ROLE_COUNTER, "櫃台", "counter staff") \
    X(T_ADMIN_HOME_TITLE, "管理首頁", "Manager home") \
    X(T_ADMIN_YOUR_OFFICES, "您負責的戶政事務所", "Your offices") \
    X(T_ADMIN_PAGES, "頁面", "Pages") \
    X(T_ADMIN_NO_PAGES, "目前還沒有櫃台同仁可用的頁面。", "No pages for counter staff yet.") \
    X(T_AUDIT_TITLE, "異動紀錄", "Audit trail") \
    X(T_AUDIT_LINK_HINT, "誰在什麼時候改了什麼：預約狀態、停止服務日、帳號等。", \
      "Who changed what and when: bookings, closed days, accounts and more.") \
    X(T_AUDIT_FILTER, "篩選", "Filter") \
    X(T_AUDIT_OFFICE, "戶政事務所", "Office") \
    X(T_AUDIT_ALL_OFFICES, "全部", "All offices") \
    X(T_AUDIT_WHO, "操作者", "Who") \
    X(T_AUDIT_WHO_HINT, "例如 user:chen 或 token:demo", "For example user:chen or token:demo") \
    X(T_AUDIT_ACTION, "動作", "Action") \
    X(T_AUDIT_ACTION_HINT, "例如 booking-checked_in、closure、user-add", \
      "For example booking-checked_in, closure, user-add") \
    X(T_AUDIT_FROM, "開始日期", "From") \
    X(T_AUDIT_TO, "結束日期", "To") \
    X(T_AUDIT_DATE_HINT, "YYYY-MM-DD，例如 2026-12-01", "YYYY-MM-DD, for example 2026-12-01") \
    X(T_AUDIT_DATE_WRONG, "日期格式是 YYYY-MM-DD", "Enter a date as YYYY-MM-DD") \
    X(T_AUDIT_SHOW, "顯示紀錄", "Show records") \
    X(T_AUDIT_WHEN, "時間", "When") \
    X(T_AUDIT_TARGET, "對象", "What") \
    X(T_AUDIT_BEFORE, "變更前", "Before") \
    X(T_AUDIT_AFTER, "變更後", "After") \
    X(T_AUDIT_NONE, "沒有符合條件的紀錄。", "No records match.") \
    X(T_AUDIT_COUNT, "紀錄筆數（最新的在前，最多 500 筆）：", "Records (newest first, at most 500): ") \
    X(T_ROSTER_TITLE, "排班表", \
      "Duty roster") \
    X(T_ROSTER_LINK_HINT, "每月午間、夜間、週六與假日值班：產生草稿、調整值班、釘選與排除、公布。", \
      "The month's noon, evening, Saturday and holiday duties: generate a draft, change duties, pins and bans, publish.") \
    X(T_COMP_TITLE, "補休", \
      "Compensatory time") \
    X(T_COMP_LINK_HINT, "每位同仁值班換得的補休、已休、尚欠與補休期限；登記補休。", \
      "What each person earned by duties, took and is still owed, with take-by dates; record time taken.") \
    X(T_ROSTER_CHOOSE, "選擇戶政事務所與月份", \
      "Choose the office and month") \
    X(T_ROSTER_MONTH, "月份", \
      "Month") \
    X(T_ROSTER_MONTH_HINT, "YYYY-MM，例如 2026-12", \
      "YYYY-MM, for example 2026-12") \
    X(T_ROSTER_MONTH_WRONG, "月份格式是 YYYY-MM（2000 到 2199 年）", \
      "Enter a month as YYYY-MM (2000 to 2199)") \
    X(T_ROSTER_SHOW, "顯示", \
      "Show") \
    X(T_ROSTER_STATE, "狀態：", \
      "State: ") \
    X(T_ROSTER_STATE_NONE, "尚未排班", \
      "No roster yet") \
    X(T_ROSTER_STATE_DRAFT, "草稿（尚未公布）", \
      "Draft (not published)") \
    X(T_ROSTER_STATE_PUBLISHED, "已公布", \
      "Published") \
    X(T_ROSTER_VERSION, "，版本 ", \
      ", version ") \
    X(T_ROSTER_GRID_CAPTION, "同仁值班表：每列一位同仁，每欄一天", \
      "Duties by person (rows) and day (columns)") \
    X(T_ROSTER_STAFF, "同仁", \
      "Person") \
    X(T_ROSTER_TOTAL, "合計", \
      "Total") \
    X(T_ROSTER_LEGEND, "圖例：N 午間、E 夜間、S 週六、H 假日值班，+ 同一天兩項值班；灰底且標「休」的是休息日或國定假日。", \
      "Key: N noon, E evening, S Saturday, H holiday duty, + two duties that day; grey columns marked “off” are rest days and holidays.") \
    X(T_ROSTER_OFF_MARK, "休", \
      "off") \
    X(T_ROSTER_SHORT_HEADING, "人力不足的值班", \
      "Duties short of staff") \
    X(T_ROSTER_ALL_STAFFED, "每個值班都已排滿。", \
      "Every duty is staffed.") \
    X(T_ROSTER_INSTANCES_CAPTION, "各日值班（可逐項調整）", \
      "Duties by day (change one at a time)") \
    X(T_ROSTER_DATE, "日期", \
      "Date") \
    X(T_ROSTER_DUTY, "值班", \
      "Duty") \
    X(T_ROSTER_NEEDED, "需要人數", \
      "Needed") \
    X(T_ROSTER_ON_DUTY, "值班同仁", \
      "On duty") \
    X(T_ROSTER_STATUS, "狀況", \
      "Status") \
    X(T_ROSTER_OK, "足夠", \
      "Staffed") \
    X(T_ROSTER_SHORT, "不足：", \
      "Short: ") \
    X(T_ROSTER_CHANGE_DUTY, "調整", \
      "Change") \
    X(T_ROSTER_NOBODY, "（無人）", \
      "(nobody)") \
    X(T_SHORT_NO_SKILL, "沒有可值班的同仁會辦理當天預約的業務", \
      "nobody available handles a service booked there") \
    X(T_SHORT_ALL_ON_LEAVE, "可以值班的同仁當天都休假", \
      "everybody who could is on leave that day") \
    X(T_SHORT_AT_LIMITS, "其餘同仁都已達上限（每月次數、連續上班天數、每天一項）", \
      "everybody left is at a limit (monthly cap, days in a row, one duty a day)") \
    X(T_SHORT_TOO_FEW, "同仁人數少於需要的人數", \
      "there are fewer staff than it needs") \
    X(T_SHORT_NO_WINDOW, "當天已無此時段", "No such window that day any more") \
    X(T_SHORT_UNFILLED, "還可以再排人（手動調整後不足）", \
      "somebody could still take it (an edit left it short)") \
    X(T_ROSTER_GENERATE, "產生排班草稿", \
      "Generate a draft") \
    X(T_ROSTER_GENERATE_HINT, "依規則重新排這個月；釘選與手動調整的值班會保留。", \
      "Solves the month again under the rules; pins and duties set by hand are kept.") \
    X(T_ROSTER_PUBLISH, "公布排班", \
      "Publish the roster") \
    X(T_ROSTER_PUBLISH_HINT, "公布後，午間、夜間與週六的名額依值班人數計算，並以電子郵件通知值班同仁。", \
      "Once published, noon, evening and Saturday places follow the staff on duty, and each person on duty is e-mailed.") \
    X(T_ROSTER_PUBLISHED_EDITS, "已公布的排班只能逐項調整。", \
      "A published roster changes one duty at a time.") \
    X(T_ROSTER_DONE_GENERATED, "已產生排班草稿。", \
      "The draft roster was generated.") \
    X(T_ROSTER_DONE_PUBLISHED, "排班已公布。", \
      "The roster is published.") \
    X(T_ROSTER_DONE_EDITED, "值班已更新。", \
      "The duty was changed.") \
    X(T_ROSTER_DONE_PINNED, "已儲存釘選或排除。", \
      "The pin or ban was saved.") \
    X(T_ROSTER_DONE_UNPINNED, "已移除釘選或排除。", \
      "The pin or ban was removed.") \
    X(T_ROSTER_OVERBOOKED_HEADING, "這些預約會失去名額", \
      "These bookings would lose their place") \
    X(T_ROSTER_OVERBOOKED_BODY, "值班人數不足以容納下列預約。若仍要繼續，請之後聯絡這些民眾改期。", \
      "The staff on duty leave no place for the bookings below. If you go ahead, contact these people to move their bookings.") \
    X(T_ROSTER_OVERBOOKED_CAPTION, "會失去名額的預約", \
      "Bookings that would lose their place") \
    X(T_ROSTER_FORCE_PUBLISH, "仍要公布", \
      "Publish anyway") \
    X(T_ROSTER_FORCE_EDIT, "仍要變更", \
      "Change anyway") \
    X(T_ROSTER_BACK, "不要變更，回到排班表", \
      "Do not change it; back to the roster") \
    X(T_ROSTER_BOOKING_CODE, "預約代碼", \
      "Booking code") \
    X(T_ROSTER_BOOKING_START, "時間", \
      "Time") \
    X(T_ROSTER_BOOKING_SERVICE, "業務", \
      "Service") \
    X(T_ROSTER_DUTY_TITLE, "調整值班", \
      "Change a duty") \
    X(T_ROSTER_DUTY_PEOPLE, "誰值這個班", \
      "Who is on this duty") \
    X(T_ROSTER_DUTY_PEOPLE_HINT, "只列出排班規則允許的同仁；不勾選任何人即清空此值班。", \
      "Only the people the roster's rules allow are listed; tick nobody to clear the duty.") \
    X(T_ROSTER_DUTY_SAVE, "儲存值班", \
      "Save the duty") \
    X(T_ROSTER_NOT_OFFERED, "未列出的同仁與原因", \
      "Not offered, and why") \
    X(T_ROSTER_NO_WINDOW, "這一天沒有這個值班的時段。", \
      "That day has no window for this duty.") \
    X(T_ROSTER_RULE_BROKEN, "這樣排違反排班規則", \
      "That breaks a rule of the roster") \
    X(T_ROSTER_VERSION_CONFLICT, "排班表在您開啟後已被變更，請看過最新的內容再送出。", \
      "The roster changed after you opened it; look at it again and resend.") \
    X(T_ROSTER_PIN_HEADING, "釘選與排除", \
      "Pins and bans") \
    X(T_ROSTER_PIN_HINT, "重新產生草稿時，釘選的同仁會留在這個值班，排除的同仁不會被排入。", \
      "When the draft is generated again, a pinned person stays on this duty and a banned one is never put there.") \
    X(T_ROSTER_PIN_KIND, "種類", \
      "Kind") \
    X(T_ROSTER_PIN, "釘選：保留在這個值班", \
      "Pin: keep on this duty") \
    X(T_ROSTER_BAN, "排除：不要排入這個值班", \
      "Ban: never on this duty") \
    X(T_ROSTER_PIN_SAVE, "儲存釘選或排除", \
      "Save the pin or ban") \
    X(T_ROSTER_PINS_CAPTION, "本月的釘選與排除", \
      "This month's pins and bans") \
    X(T_ROSTER_PIN_REMOVE, "移除", \
      "Remove") \
    X(T_ROSTER_NO_PINS, "本月沒有釘選或排除。", \
      "No pins or bans this month.") \
    X(T_ROSTER_NO_STAFF, "這個戶政事務所沒有設定值班同仁，無法排班。", \
      "This office has no staff configured for duties, so it has no roster.") \
    X(T_ROSTER_NO_DRAFT, "這個月還沒有排班，請先產生草稿。", \
      "The month has no roster yet; generate a draft first.") \
    X(T_ROSTER_PIN_BREAKS, "有一個釘選違反排班規則（例如同仁當天休假），請先移除它再產生。", \
      "A pin breaks a rule of the roster (the person is on leave that day, say); remove it and generate again.") \
    X(T_ROSTER_CONFLICT, "這個月的排班已公布，無法重新產生或再次公布。", \
      "The month's roster is published: it cannot be generated or published again.") \
    X(T_ROSTER_STAFF_WRONG, "請選擇一位同仁", \
      "Choose a person") \
    X(T_ROSTER_DUTY_WRONG, "請選擇值班", \
      "Choose a duty") \
    X(T_COMP_CAPTION, "補休（近一年）", \
      "Compensatory time (last 12 months)") \
    X(T_COMP_EARNED, "換得", \
      "Earned") \
    X(T_COMP_TAKEN, "已休", \
      "Taken") \
    X(T_COMP_OWED, "尚欠", \
      "Owed") \
    X(T_COMP_OVERDUE, "逾期未休", \
      "Overdue") \
    X(T_COMP_MINUTES_UNIT, " 分", \
      " min") \
    X(T_COMP_DETAILS, "值班明細與補休期限", \
      "Duties and take-by dates") \
    X(T_COMP_TAKE_BY, "補休期限", \
      "Take by") \
    X(T_COMP_LEFT, "尚未補休", \
      "Not yet taken") \
    X(T_COMP_RULE, "補休從最早換得的時數開始抵扣。過了期限還沒休的時數仍然欠著（期限是機關的責任，不會因此失效），請優先安排；一年前的紀錄不再列入。", \
      "Time taken pays off the oldest earnings first. Time still owed after its take-by date stays owed (the deadline is the office's to meet, it does not lapse) and should be given first; records older than a year no longer count.") \
    X(T_COMP_TAKE_HEADING, "登記補休", \
      "Record time taken") \
    X(T_COMP_DATE, "補休日期", \
      "Date taken") \
    X(T_COMP_MINUTES, "分鐘數", \
      "Minutes") \
    X(T_COMP_MINUTES_HINT, "1 到 1440，例如 90", \
      "1 to 1440, for example 90") \
    X(T_COMP_NOTE, "備註（選填）", \
      "Note (optional)") \
    X(T_COMP_SAVE, "登記補休", \
      "Record the time taken") \
    X(T_COMP_DONE, "已登記補休。", \
      "The time taken was recorded.") \
    X(T_COMP_OVERDRAWN, "補休不能超過尚欠的時數", \
      "You cannot take more time than is owed") \
    X(T_COMP_OWED_NOW, "目前尚欠（分鐘）：", \
      "Owed now (minutes): ") \
    X(T_COMP_MINUTES_WRONG, "請輸入 1 到 1440 的整數分鐘", \
      "Enter whole minutes, 1 to 1440") \
    X(T_COMP_NOTE_WRONG, "備註最多 190 個位元組的一般文字", \
      "A note is plain text of at most 190 bytes") \
    X(T_COMP_NONE, "還沒有值班紀錄。", \
      "No duties yet.") \
    X(T_COMP_NO_STAFF, "這個戶政事務所沒有設定值班同仁。", \
      "This office has no staff configured for duties.") \
    X(T_CLOSURES_TITLE, "停止上班日", "Closures") \
    X(T_CLOSURES_LINK_HINT, "颱風等停止上班：先預覽將取消的預約與要通知的人，再確認；也可恢復上班。", \
      "Close a day (a typhoon): preview the bookings cancelled and the people told, then confirm; or open it again.") \
    X(T_OFFICE_CHOOSE, "選擇戶政事務所", "Choose an office") \
    X(T_OFFICE_SHOW, "顯示", "Show") \
    X(T_CLOSE_NEW, "停止上班一天", "Close a day") \
    X(T_CLOSE_DATE, "日期", "Date") \
    X(T_CLOSE_REASON, "原因", "Reason") \
    X(T_CLOSE_REASON_HINT, "會寫進給民眾的取消通知，例如：颱風停止上班", \
      "It goes into the messages people receive, for example: typhoon, the office is closed") \
    X(T_CLOSE_REASON_MISSING, "請填寫原因，民眾的通知會說明", "Enter a reason: the messages tell people why") \
    X(T_CLOSE_REASON_WRONG, "原因最多 200 個位元組的文字", "Keep the reason to text of at most 200 bytes") \
    X(T_CLOSE_DATE_WRONG, "請輸入日期，格式為 YYYY-MM-DD", "Enter the date as YYYY-MM-DD") \
    X(T_CLOSE_PREVIEW_BUTTON, "預覽停止上班", "Preview the closure") \
    X(T_CLOSURES_LIST, "已停止上班的日期", "Days closed") \
    X(T_CLOSURES_NONE, "今天起沒有停止上班的日期。", "No day is closed from today on.") \
    X(T_REOPEN_BUTTON, "恢復上班", "Open again") \
    X(T_CLOSE_CONFIRM_TITLE, "確認停止上班", "Confirm the closure") \
    X(T_CLOSE_CLOSED_ALREADY, "這一天已經停止上班，再次確認不會變更任何資料，也不會再通知任何人。", \
      "This day is closed already: confirming again changes nothing and tells nobody.") \
    X(T_CLOSE_BOOKINGS, "將取消並通知的預約：", "Bookings cancelled, each holder told: ") \
    X(T_CLOSE_NO_BOOKINGS, "這一天沒有待確認或已確認的預約。", "No pending or confirmed booking that day.") \
    X(T_CLOSE_STAFF, "當天值班、將收到通知的同仁：", "Staff on duty that day, told: ") \
    X(T_CLOSE_NO_STAFF, "這一天沒有已公布的值班。", "Nobody is on a published duty that day.") \
    X(T_CLOSE_CONFIRM_BUTTON, "停止上班並通知", "Close the day and tell them") \
    X(T_CLOSE_CANCEL_LINK, "不停止上班，回到上一頁", "Do not close; go back") \
    X(T_CLOSE_STALE, "預覽之後，這一天的預約或值班有變動。請再看一次下面的內容後確認。", \
      "The day's bookings or duties changed after the preview. Check them again below, then confirm.") \
    X(T_CLOSE_DONE, "已停止上班：", "Closed: ") \
    X(T_CLOSE_DONE_BODY, "取消的預約與通知的同仁人數：", "Bookings cancelled and staff told: ") \
    X(T_REOPEN_DONE, "已恢復上班：", "Open again: ") \
    X(T_REOPEN_DONE_BODY, "先前取消的預約仍維持取消。", "The bookings cancelled then stay cancelled.") \
    X(T_COL_CODE, "預約代碼", "Code") \
    X(T_COL_TIME, "時間", "Time") \
    X(T_COL_SERVICE, "服務項目", "Service") \
    X(T_COL_NAME, "姓名", "Name") \
    X(T_COL_TOLD_BY, "通知方式", "Told by") \
    X(T_COL_STATUS, "狀態", "Status") \
    X(T_COL_STAFF, "同仁", "Staff") \
    X(T_COL_OFFICE, "戶政事務所", "Office") \
    X(T_COL_REASON, "原因", "Reason") \
    X(T_COL_ACTION, "操作", "Action") \
    X(T_TOLD_EMAIL, "電子郵件", "e-mail") \
    X(T_TOLD_SMS, "簡訊", "SMS") \
    X(T_TOLD_WEBHOOK, "系統通知（webhook）", "webhook") \
    X(T_MSG_PENDING, "已收到，待確認", "Received, awaiting confirmation") \
    X(T_MSG_CONFIRMED, "預約確認", "Booking confirmed") \
    X(T_MSG_RESCHEDULED, "改期", "Moved") \
    X(T_MSG_CANCELLED, "取消", "Cancelled") \
    X(T_MSG_CLOSED, "停止上班，預約取消", "Office closed: booking cancelled") \
    X(T_MSG_REMINDER, "提醒", "Reminder") \
    X(T_MSG_ROSTER_PUBLISHED, "班表公布", "Roster published") \
    X(T_MSG_ROSTER_CHANGED, "班表異動", "Roster changed") \
    X(T_MSG_DUTY_NEEDED, "假日結婚登記需有人值班", "Holiday wedding needs someone on duty") \
    X(T_MSG_DUTY_CLOSED, "值班日停止上班", "Duty day closed") \
    X(T_MSG_WEBHOOK, "預約事件", "Booking event") \
    X(T_SUSPEND_TITLE, "暫停線上預約", "Suspended from booking online") \
    X(T_SUSPEND_LINK_HINT, "因預約未到而暫停線上預約的民眾；可解除暫停。", "People whose online booking is suspended for no-shows; lift a suspension.") \
    X(T_SUSPEND_INTRO, "以下民眾因預約未到次數過多，目前不能在本所線上預約（仍可電話或臨櫃預約）。解除暫停後，之前的未到紀錄不再計算；解除會連同原因記錄在稽核紀錄中。", \
      "These people did not come to too many bookings and cannot book online at this office now (they may still book by phone or at the counter). Lifting a suspension forgives the misses before it, and is kept in the audit trail with its reason.") \
    X(T_SUSPEND_NONE, "目前沒有人被暫停線上預約。", "Nobody is suspended from booking online now.") \
    X(T_SUSPEND_PERSON, "身分證字號", "National ID") \
    X(T_SUSPEND_UNTIL_COL, "可再線上預約", "Books online again from") \
    X(T_SUSPEND_LAST, "最近一次未到", "Latest missed booking") \
    X(T_SUSPEND_LIFT, "解除暫停", "Lift suspension") \
    X(T_SUSPEND_DONE, "已解除暫停，並記錄在稽核紀錄中。", "The suspension is lifted and kept in the audit trail.") \
    X(T_SUSPEND_CONFIRM_TITLE, "解除暫停線上預約", "Lift a suspension from booking online") \
    X(T_SUSPEND_CONFIRM_BODY, "解除後，這位民眾立即可以再線上預約，之前的未到紀錄不再計算。解除會連同原因記錄在稽核紀錄中。", \
      "Once lifted, this person can book online again at once, and the misses before it no longer count. The lift and its reason are kept in the audit trail.") \
    X(T_SUSPEND_REASON, "解除原因", "Reason for lifting") \
    X(T_SUSPEND_REASON_HINT, "例如：已提出住院證明。會記錄在稽核紀錄中。", "For example: a hospital certificate was shown. Kept in the audit trail.") \
    X(T_SUSPEND_REASON_MISSING, "請輸入解除暫停的原因。", "Enter the reason for lifting the suspension.") \
    X(T_SUSPEND_REASON_LONG, "解除原因太長了，請寫在 500 個位元組（約 160 個中文字）以內。", \
      "The reason is too long: keep it within 500 bytes (about 500 letters).") \
    X(T_SUSPEND_KEEP, "不解除，回到名單", "Keep it, back to the list") \
    X(T_SUSPEND_GONE, "這位民眾已不在暫停名單上（可能已由其他同仁解除）。", "That person is no longer suspended (a colleague may have lifted it already).") \
    X(T_MSG_NO_SHOW_WARNING, "未到提醒：再一次將暫停線上預約", "No-show warning: one more suspends online booking") \
    X(T_MSG_WAITLIST_OFFER, "候補名額通知", "Waitlist: a place offered") \
    X(T_MSG_SURVEY, "滿意度問卷邀請", "Satisfaction survey invitation") \
    X(T_MSG_DRAW_RESULT, "抽籤結果通知", "Draw result") \
    X(T_TOLD_NONE, "沒有電子郵件，無法通知，請以電話聯絡", "No e-mail address: call them") \
    X(T_CALENDAR_TITLE, "匯入政府行政機關辦公日曆", "Import the government calendar") \
    X(T_CALENDAR_LINK_HINT, "上傳人事行政總處的辦公日曆 CSV 或 .ics，預覽變動與受影響的預約後再套用。", \
      "Upload the DGPA office calendar (CSV or .ics), preview what changes and whom it affects, then apply.") \
    X(T_CALENDAR_INTRO, "檔案最大 16 KB（一年的 CSV 約 7 KB）。上傳後先顯示預覽，確認後才會套用。", \
      "At most 16 KB (a year's CSV is about 7 KB). Uploading shows a preview; nothing changes until you apply it.") \
    X(T_CALENDAR_FILE, "日曆檔案（CSV 或 .ics）", "Calendar file (CSV or .ics)") \
    X(T_CALENDAR_FILE_MISSING, "請選擇要上傳的日曆檔案", "Choose the calendar file to upload") \
    X(T_CALENDAR_FILE_BAD, "這個檔案無法匯入，沒有任何資料被變更。原因：", "This file cannot be imported; nothing was changed. The reason: ") \
    X(T_CALENDAR_PREVIEW_BUTTON, "上傳並預覽", "Upload and preview") \
    X(T_CALENDAR_PREVIEW_TITLE, "預覽日曆匯入", "Preview the calendar import") \
    X(T_CALENDAR_YEARS, "涵蓋年份：", "Years: ") \
    X(T_CALENDAR_COUNTS, "新增、變更、移除的日期：", "Days added, changed and removed: ") \
    X(T_CALENDAR_CHANGES, "變動的日期：", "Days that change: ") \
    X(T_CALENDAR_NO_CHANGES, "與目前的日曆相同，沒有日期變動。", "The same as the calendar in force: no day changes.") \
    X(T_COL_DATE, "日期", "Date") \
    X(T_COL_BEFORE, "原本", "Before") \
    X(T_COL_AFTER, "匯入後", "After") \
    X(T_COL_DAY_NAME, "名稱", "Name") \
    X(T_CALENDAR_DISPLACED, "新日曆沒有時段、將取消並通知改約的預約：", "Bookings left without a slot, to be cancelled (each holder gets a link to choose another time): ") \
    X(T_CALENDAR_NO_DISPLACED, "沒有預約受影響。", "No booking is affected.") \
    X(T_CALENDAR_SHORT, "已公布的值班表在新日曆下的不足：", "Published rosters short under the new calendar: ") \
    X(T_CALENDAR_NO_SHORT, "已公布的值班表沒有不足。", "No published roster falls short.") \
    X(T_COL_DUTY, "值班", "Duty") \
    X(T_COL_NEEDED, "需要", "Needed") \
    X(T_COL_ASSIGNED, "已排", "Assigned") \
    X(T_CALENDAR_APPLY_BUTTON, "套用這個日曆", "Apply this calendar") \
    X(T_CALENDAR_AGAIN_LINK, "改上傳其他檔案", "Upload another file") \
    X(T_CALENDAR_GONE, "預覽的檔案已不在伺服器上（超過 30 分鐘或伺服器重新啟動），請重新上傳。", \
      "The previewed file is no longer held (after 30 minutes, or a restart): upload it again.") \
    X(T_CALENDAR_STALE, "預覽之後，受影響的預約有變動。請再看一次下面的內容後套用。", \
      "The bookings affected changed after the preview. Check them again below, then apply.") \
    X(T_CALENDAR_DONE, "日曆已套用。", "The calendar is applied.") \
    X(T_CALENDAR_DONE_BODY, "新增、變更、移除的日期與取消的預約：", "Days added, changed, removed, and bookings cancelled: ") \
    X(T_MESSAGES_TITLE, "通知訊息", "Messages") \
    X(T_MESSAGES_LINK_HINT, "待寄、已寄、失敗的電子郵件與簡訊，失敗的可重寄。", \
      "E-mails and texts queued, sent and failed, with the last error; send a failed one again.") \
    X(T_MESSAGES_STATUS, "狀態", "Status") \
    X(T_MESSAGES_ALL, "全部", "All") \
    X(T_MSG_QUEUED, "待寄", "Queued") \
    X(T_MSG_SENT, "已寄出", "Sent") \
    X(T_MSG_FAILED, "失敗", "Failed") \
    X(T_MSG_DROPPED, "不需寄送", "Dropped") \
    X(T_MESSAGES_COUNT, "訊息筆數（最新的在前，最多 200 筆）：", "Messages (newest first, at most 200): ") \
    X(T_MESSAGES_NONE, "沒有符合條件的訊息。", "No messages match.") \
    X(T_COL_CREATED, "建立時間", "Queued at") \
    X(T_COL_KIND, "內容", "About") \
    X(T_COL_CHANNEL, "方式", "By") \
    X(T_COL_TO, "收件人", "To") \
    X(T_COL_ABOUT, "預約或同仁", "Booking or staff") \
    X(T_COL_ATTEMPTS, "嘗試次數", "Attempts") \
    X(T_COL_ERROR, "最後的錯誤", "Last error") \
    X(T_RETRY_BUTTON, "重寄", "Send again") \
    X(T_RETRY_DONE, "已重新排入寄送。", "Queued to be sent again.") \
    X(T_RETRY_NOT_FAILED, "這則訊息不是失敗狀態，無法重寄。", "Only a failed message can be sent again.") \
    X(T_BOARD_TITLE, "當日預約看板", "Day board") \
    X(T_DAY_LINK_HINT, "某一天各時段的預約、應備文件，報到、未到與完成辦理；可列印。", \
      "A day's bookings window by window with the documents to bring: check in, no-show, complete; printable.") \
    X(T_DAY_CHOOSE, "選擇日期", "Choose a day") \
    X(T_DAY_DATE, "日期", "Date") \
    X(T_DAY_SHOW, "顯示", "Show") \
    X(T_DAY_PREV, "前一天", "Previous day") \
    X(T_DAY_NEXT, "後一天", "Next day") \
    X(T_DAY_TODAY, "今天", "Today") \
    X(T_DAY_PRINT, "列印版", "Printable view") \
    X(T_DAY_BACK_TO_BOARD, "回到看板", "Back to the board") \
    X(T_DAY_REFRESH, "本頁每 60 秒自動更新。", "This page refreshes itself every 60 seconds.") \
    X(T_DAY_REFRESH_ON, "每 60 秒自動更新", "Refresh every 60 seconds") \
    X(T_DAY_REFRESH_OFF, "停止自動更新", "Stop refreshing") \
    X(T_DAY_COUNT, "預約筆數：", "Bookings: ") \
    X(T_DAY_NONE, "這一天沒有預約。", "No bookings on this day.") \
    X(T_DAY_FLEX, "彈性時段", "flexible hours") \
    X(T_DAY_TIME, "時間", "Time") \
    X(T_DAY_CODE, "預約代碼", "Code") \
    X(T_DAY_PERSON, "申請人", "Person") \
    X(T_DAY_SERVICE, "業務", "Service") \
    X(T_DAY_STATUS, "狀態", "Status") \
    X(T_DAY_CHANNEL, "預約管道", "Taken by") \
    X(T_DAY_DOCUMENTS, "應備文件", "Documents to bring") \
    X(T_DAY_ACTIONS, "操作", "Actions") \
    X(T_DAY_CHECK_IN, "報到", "Check in") \
    X(T_DAY_NO_SHOW, "未到", "No-show") \
    X(T_DAY_COMPLETE, "完成辦理", "Complete") \
    X(T_DAY_DONE, "已更新預約狀態：", "Booking updated: ") \
    X(T_DAY_TOO_EARLY, "預約只能在預約當日報到；這筆預約在之後的日期。", \
      "A booking can be checked in only on its own day; this one is on a later day.") \
    X(T_DAY_TOO_LATE, "預約只能在預約當日報到；預約日已經過了。", \
      "A booking can be checked in only on its own day; that day is over.") \
    X(T_DAY_NO_SHOW_FROM, "可登記未到：", "No-show from ") \
    X(T_DAY_NO_SHOW_EARLY, "預約開始後的寬限時間還沒過，民眾仍可能前來，還不能登記為未到。", \
      "The grace minutes after the booking's start are not over yet: the person may still come, so it cannot be marked a no-show yet.") \
    X(T_DAY_CONFLICT, "這筆預約目前的狀態不能這樣變更（可能已由其他同仁處理），請看更新後的看板。", \
      "This booking cannot change that way now (a colleague may have done it already); see the board as it is now.") \
    X(T_DAY_GONE, "找不到這筆預約。", "That booking was not found.") \
    X(T_STATUS_LAPSED, "逾時未報到（請抽號碼牌）", "Lapsed: take a queue number") \
    X(T_CHANNEL_WEB, "網路", "Web") \
    X(T_CHANNEL_PHONE, "電話", "Phone") \
    X(T_CHANNEL_FAX, "傳真", "Fax") \
    X(T_CHANNEL_COUNTER, "臨櫃", "Counter") \
    X(T_STAFF_BOOK_TITLE, "代民眾預約", "Book for a citizen") \
    X(T_STAFF_BOOK_LINK_HINT, "電話、傳真或臨櫃預約：可留市話，不需電子郵件或手機。", \
      "Bookings taken by phone, fax or at the counter: a landline will do, no e-mail or mobile needed.") \
    X(T_STAFF_BOOK_STEP1, "業務與日期", "Service and day") \
    X(T_STAFF_BOOK_SHOW_TIMES, "顯示可預約時段", "Show the times") \
    X(T_STAFF_BOOK_TIMES, "時段（剩餘名額）", "Time (places left)") \
    X(T_STAFF_BOOK_NO_TIMES, "這一天沒有可以預約的時段。", "No time can be booked on this day.") \
    X(T_STAFF_BOOK_PAST_CUTOFF, "本所允許同仁在網路預約截止後代為預約。", \
      "This office lets staff book after the online cut-off.") \
    X(T_STAFF_BOOK_PERSON, "申請人", "The citizen") \
    X(T_STAFF_PARTNER_NAME, "另一半的姓名", "Partner's full name") \
    X(T_STAFF_PARTNER_ID, "另一半的身分證字號", "Partner's national ID number") \
    X(T_STAFF_BOOK_PHONE, "電話（市話或手機）", "Phone (landline or mobile)") \
    X(T_STAFF_BOOK_PHONE_HINT, "例如 02-2345-6789#123 或 0912 345 678；電話與電子郵件至少填一項", \
      "For example 02-2345-6789#123 or 0912 345 678; a phone or an e-mail address") \
    X(T_STAFF_BOOK_EMAIL, "電子郵件（選填）", "E-mail (optional)") \
    X(T_STAFF_BOOK_CHANNEL, "預約管道", "How the booking came") \
    X(T_STAFF_BOOK_LANG, "通知語言", "Language of messages") \
    X(T_STAFF_BOOK_BUTTON, "代為預約", "Book it") \
    X(T_STAFF_BOOK_DONE, "已完成預約，預約代碼：", "Booked. Booking code: ") \
    X(T_STAFF_BOOK_SERVICE_WRONG, "請選擇業務", "Choose a service") \
    X(T_STAFF_BOOK_START_WRONG, "請選擇時段", "Choose a time") \
    X(T_STAFF_BOOK_CHANNEL_WRONG, "請選擇預約管道", "Choose how the booking came") \
    X(T_STAFF_BOOK_PHONE_WRONG, "請填寫含區碼的市話（如 02-2345-6789#123）或手機號碼", \
      "Enter a landline with its area code (such as 02-2345-6789#123) or a mobile number") \
    X(T_STAFF_BOOK_CONTACT_MISSING, "請填寫電話或電子郵件，以便通知民眾", \
      "Enter a phone number or an e-mail address so that the citizen can be told") \
    X(T_PENDING_TITLE, "待確認的預約", "Pending bookings") \
    X(T_PENDING_LINK_HINT, "假日結婚登記等待確認的預約：確認並指派值班同仁。", \
      "Holiday weddings and other bookings waiting: confirm them and name who goes on duty.") \
    X(T_PENDING_NONE, "目前沒有待確認的預約。", "No booking is waiting.") \
    X(T_PENDING_DUTY, "值班同仁", "On duty") \
    X(T_PENDING_PICK, "（排班規則建議）", " (the roster's pick)") \
    X(T_PENDING_ON_DUTY, "當日已有同仁值班", "Somebody is on duty that day") \
    X(T_PENDING_CONFIRM, "確認預約", "Confirm") \
    X(T_PENDING_DONE, "已確認預約：", "Confirmed: ") \
    X(T_PENDING_DISPATCHED, "，值班：", ", on duty: ") \
    X(T_PENDING_STAFF_WRONG, "這位同仁不能擔任當日值班（休假、業務或排班上限）", \
      "This person cannot take that day's duty (leave, skills or limits)") \
    X(T_PENDING_NOBODY, "沒有同仁可以擔任當日值班，請先調整班表。", \
      "Nobody may take that day's duty; change the roster first.") \
    X(T_FORBIDDEN_HEADING, "您沒有這個頁面的權限", "You cannot open this page") \
    X(T_FORBIDDEN_BODY, "這個頁面屬於其他戶政事務所，或需要主管權限。", \
      "It belongs to another office, or needs a manager.") \
    /* the managers' figures */ \
    X(T_FIG_TITLE, "預約數據", "Figures") \
    X(T_FIG_LINK_HINT, "每週的名額與預約、未到、午間與夜間需求和值班人數、提前多久預約、結婚登記。", \
      "By week: places offered and taken, no-shows, noon and evening demand against staff, how far ahead people book, weddings.") \
    X(T_FIG_INTRO, "每週與各時段的預約數據。每張圖下方的表格列出同樣的數字。", \
      "Bookings by week and by window. The table with each chart lists the same numbers.") \
    X(T_FIG_PERIOD, "期間：", "Period: ") \
    X(T_FIG_PERIOD_TO, " 至 ", " to ") \
    X(T_FIG_FROM, "開始日期", "From") \
    X(T_FIG_TO, "結束日期", "To") \
    X(T_FIG_DATE_HINT, "格式如 2026-03-02，期間最長 400 天", "Like 2026-03-02; at most 400 days") \
    X(T_FIG_SHOW, "顯示這段期間", "Show this period") \
    X(T_FIG_CSV, "下載所有數據（CSV 檔）", "Download all figures (CSV)") \
    X(T_FIG_ERR_DATE, "請輸入日期，格式如 2026-03-02", "Enter a date like 2026-03-02") \
    X(T_FIG_ERR_ORDER, "結束日期不能早於開始日期", "The end date must not be before the start date") \
    X(T_FIG_ERR_RANGE, "期間最長 400 天，請縮短期間", "Choose a period of at most 400 days") \
    X(T_FIG_TABLE, "表格：", "Table: ") \
    X(T_FIG_FILL, "名額使用率", "Places taken (fill rate)") \
    X(T_FIG_FILL_DESC, "每週各時段提供的名額中已被預約的比例。一個名額是一個櫃台的一個時段；表格括號內是已預約／提供的名額。", \
      "The share of the places offered each week that were booked, by window. A place is one counter for one slot; the table shows taken / offered in brackets.") \
    X(T_FIG_ATTEND, "未到與逾期", "No-shows and lapses") \
    X(T_FIG_ATTEND_DESC, "每週預約了卻沒有到場的人數，以及開始後逾時未報到而失效的預約。", \
      "Each week, bookings whose holders did not come, and bookings that lapsed (nobody checked in within the minutes allowed after the start).") \
    X(T_FIG_DEMAND, "午間與夜間：預約與值班人數", "Noon and evening: bookings and staff on duty") \
    X(T_FIG_DEMAND_DESC, "每週午間與夜間的預約數，以及已公布班表中值班的人次。", \
      "Each week, noon and evening bookings, and the staff-days on those duties in published rosters.") \
    X(T_FIG_LEAD, "提前多久預約", "How far ahead people book") \
    X(T_FIG_LEAD_DESC, "預約當天到預約日期相隔的天數，依時段分。", \
      "Days between making a booking and the day booked, by window.") \
    X(T_FIG_WEDDINGS, "週六與假日的結婚登記", "Weddings on Saturdays and holidays") \
    X(T_FIG_WEDDINGS_DESC, "每月預約在週六上午與假日的結婚登記；以及在假日生效的結婚登記（依生效日的月份），其中有多少是在上班日預先辦理、指定生效日的。", \
      "Marriage registrations booked on Saturday mornings and on holidays, by month; and the marriages taking effect on a day off (by the month they take effect), and how many of those were filed ahead on a working day with a designated date.") \
    X(T_FIG_EFFECTIVE_HOLIDAY, "假日生效", "Effective on a day off") \
    X(T_FIG_DESIGNATED, "其中預先辦理", "Of them filed ahead") \
    X(T_FIG_CHANNELS, "預約管道", "Channel mix") \
    X(T_FIG_CHANNELS_DESC, "每週的預約來自民眾自行上網，或由同仁依電話、傳真、臨櫃代為預約。", \
      "Where each week's bookings came from: citizens on the web, or staff booking for them by phone, fax or at the counter.") \
    X(T_FIG_COL_WEEK, "週（自週一起）", "Week (from Monday)") \
    X(T_FIG_COL_MONTH, "月份", "Month") \
    X(T_FIG_COL_LEAD, "提前天數", "Days ahead") \
    X(T_FIG_NO_SHOW, "未到", "No-shows") \
    X(T_FIG_LAPSED, "逾期失效", "Lapsed") \
    X(T_FIG_NOON_BOOKED, "午間預約", "Noon bookings") \
    X(T_FIG_NOON_STAFF, "午間值班", "Noon staff") \
    X(T_FIG_EVENING_BOOKED, "夜間預約", "Evening bookings") \
    X(T_FIG_EVENING_STAFF, "夜間值班", "Evening staff") \
    X(T_FIG_WEB, "網路", "Web") \
    X(T_FIG_PHONE, "電話", "Phone") \
    X(T_FIG_FAX, "傳真", "Fax") \
    X(T_FIG_COUNTER, "臨櫃", "Counter") \
    X(T_FIG_LEAD_SAME_DAY, "當天", "Same day") \
    X(T_FIG_LEAD_1, "1 天", "1 day") \
    X(T_FIG_LEAD_2_3, "2–3 天", "2–3 days") \
    X(T_FIG_LEAD_4_7, "4–7 天", "4–7 days") \
    X(T_FIG_LEAD_8_14, "8–14 天", "8–14 days") \
    X(T_FIG_LEAD_15_30, "15–30 天", "15–30 days") \
    X(T_FIG_LEAD_31_90, "31–90 天", "31–90 days") \
    X(T_FIG_LEAD_91_MORE, "91 天以上", "91 days or more") \
    /* the waitlist */ \
    X(T_WAITLIST_JOIN_DAY, "加入這一天的候補名單", "Join the waitlist for this day") \
    X(T_WAITLIST_TITLE, "加入候補名單", "Join the waitlist") \
    X(T_WAITLIST_ANY_TIME, "這一天任何時段", "Any time that day") \
    X(T_WAITLIST_HOW, "有人取消時，空出的名額會依候補順序通知您（簡訊或電子郵件）。名額會為您保留一段時間，請在期限內按「接受」完成預約；逾時將讓給下一位。", \
      "When a place is freed, the people waiting are offered it in turn, by text message or e-mail. The place is held for you for a while: accept it in time to book it, or it passes to the next person.") \
    X(T_WAITLIST_JOIN, "加入候補", "Join the waitlist") \
    X(T_WAITLIST_ENTRY_TITLE, "您的候補", "Your place on the waitlist") \
    X(T_WAITLIST_JOINED, "已加入候補名單。請保存這個網頁的網址，以便查看候補狀況。", \
      "You are on the waitlist. Keep the address of this page to see where you stand.") \
    X(T_WAITLIST_POSITION_BEFORE, "您目前是第 ", "You are number ") \
    X(T_WAITLIST_POSITION_AFTER, " 位候補。", " in line.") \
    X(T_WAITLIST_OFFERED, "有名額為您保留中：", "A place is held for you: ") \
    X(T_WAITLIST_SEE_OFFER, "查看並接受", "See and accept it") \
    X(T_WAITLIST_LEAVE, "退出候補", "Leave the waitlist") \
    X(T_WAITLIST_STATUS_LEFT, "您已退出候補名單。", "You have left the waitlist.") \
    X(T_WAITLIST_STATUS_BOOKED, "您已接受名額，預約完成。", "You accepted a place: it is booked.") \
    X(T_WAITLIST_STATUS_DECLINED, "您放棄了保留的名額，已不在候補名單上。", "You declined the place held for you and are no longer waiting.") \
    X(T_WAITLIST_STATUS_EXPIRED, "保留的名額已逾時，讓給了下一位候補者。", "The place held for you was not accepted in time and passed to the next person.") \
    X(T_WAITLIST_STATUS_OVER, "候補的時段已經過了，候補結束。", "The time you waited for has passed.") \
    X(T_WAITLIST_PLACES_LEFT, "這一天還有名額，可以直接預約。", "There are still places that day: you can book one now.") \
    X(T_WAITLIST_ALREADY, "您已經在這一天的候補名單上。", "You are already on the waitlist for that day.") \
    X(T_OFFER_TITLE, "候補名額", "A place from the waitlist") \
    X(T_OFFER_HELD_UNTIL, "保留至 ", "Held for you until ") \
    X(T_OFFER_ACCEPT, "接受並預約", "Accept and book") \
    X(T_OFFER_DECLINE, "放棄這個名額", "Decline this place") \
    X(T_OFFER_GONE, "這個名額已不再為您保留。", "This place is no longer held for you.") \
    X(T_OFFER_DECLINED, "您已放棄這個名額，謝謝告知。", "You declined the place. Thank you for letting us know.") \
    X(T_OFFER_NOT_FOUND, "找不到這個名額。連結可能不完整。", "We cannot find this offer. The link may be incomplete.") \
    X(T_WAITLIST_BOARD, "候補名單", "Waitlist") \
    X(T_WAITLIST_BOARD_NONE, "這一天沒有人候補。", "Nobody is waiting for this day.") \
    X(T_WAITLIST_COL_WHEN, "時段", "Time") \
    X(T_WAITLIST_COL_WHO, "候補者", "Person") \
    X(T_WAITLIST_COL_STATUS, "狀態", "Status") \
    X(T_WAITLIST_ST_WAITING, "候補中", "Waiting") \
    X(T_WAITLIST_ST_OFFERED, "名額保留中", "Place held") \
    X(T_WAITLIST_ST_BOOKED, "已預約", "Booked") \
    X(T_WAITLIST_ST_ENDED, "已結束", "Ended") \
    /* lucky-date draws */ \
    X(T_DRAW_CELL, "抽籤", "Draw") \
    X(T_DRAW_CELL_HIDDEN, "名額以抽籤分配", "places given by a draw") \
    X(T_DRAW_HEADING, "這一天的名額以抽籤分配", "Places on this day are given by a draw") \
    X(T_DRAW_HOW, "這是熱門的好日子。登記期間內，每對新人可以登記一次（兩人中任一人登記即可）。截止時公開抽籤，依抽中的順序安排時段；沒有抽中的，會列入當天的候補名單。結果會以電子郵件或簡訊通知。", \
      "This is a sought-after date. While the draw is open, each couple may ask once (either of you). When it closes, a public draw sets the order and places are given in that order; those not drawn go on the day's waitlist. Everyone is told the result by e-mail or text message.") \
    X(T_DRAW_PERIOD, "抽籤登記期間", "Requests taken") \
    X(T_DRAW_TO, " 至 ", " to ") \
    X(T_DRAW_FIRST_COME, "剩餘名額開放預約", "What is left opens") \
    X(T_DRAW_FIRST_COME_BEFORE, "", "from ") \
    X(T_DRAW_FIRST_COME_AFTER, " 起，先到先得", ", first come, first served") \
    X(T_DRAW_COMMITMENT, "抽籤承諾值（SHA-256）", "Commitment (SHA-256)") \
    X(T_DRAW_COMMITMENT_HINT, "抽籤用的亂數種子在登記開始前就已決定並封存，這是它的 SHA-256。抽籤後會公布種子，任何人都能核對兩者相符。", \
      "The draw's random seed was fixed and sealed before requests opened; this is its SHA-256. The seed is published after the draw, so anyone can check that they match.") \
    X(T_DRAW_COMMITMENT_SOON, "登記開始前公布", "Published before requests open") \
    X(T_DRAW_SEED, "抽籤種子（已公布）", "Seed (revealed)") \
    X(T_DRAW_REQUEST_LINK, "登記抽籤", "Ask for a place in the draw") \
    X(T_DRAW_NOT_YET, "抽籤登記還沒開始，請在登記期間內再來。", "Requests are not taken yet: come back while the draw is open.") \
    X(T_DRAW_CLOSED_PENDING, "抽籤登記已截止，正在抽籤；登記的新人會收到電子郵件或簡訊通知。", \
      "Requests are closed and the draw is being made; the couples who asked will be told by e-mail or text message.") \
    X(T_DRAW_CLOSED, "抽籤登記已截止，抽籤已完成。", "Requests are closed and the draw has been made.") \
    X(T_DRAW_RESULT_LINK, "公開的抽籤結果（JSON 資料）", "The published result (JSON data)") \
    X(T_DRAW_VERIFY_1, "如何核對：把結果存成檔案，執行 ", "How to check it: save the result to a file and run ") \
    X(T_DRAW_VERIFY_2, "。它會確認種子的 SHA-256 等於承諾值，並用種子重新算出每個登記號碼的順序（HMAC-SHA256）。", \
      ". It checks that the seed's SHA-256 is the commitment and computes each request number's place again from the seed (HMAC-SHA256).") \
    X(T_DRAW_RELEASE_NOTE, "（抽籤登記 ", " (draw requests ") \
    X(T_DRAW_RELEASE_NOTE_END, "）", ")") \
    X(T_DRAW_FORM_TITLE, "登記抽籤", "Ask for a place in the draw") \
    X(T_DRAW_TIME_LEGEND, "希望的時間", "The time you would like") \
    X(T_DRAW_TIME_HINT, "這是您的希望時間：輪到您時，如果這個時間已經排給順序較前的人，會為您安排當天最接近的空檔。", \
      "This is a preference: if it has gone to someone drawn before you when your turn comes, you are given the nearest free time that day.") \
    X(T_DRAW_SEND, "送出抽籤登記", "Send our request") \
    X(T_DRAW_PICK_TIME, "請選擇希望的時間", "Choose the time you would like") \
    X(T_DRAW_NOT_A_SLOT, "您選的時間不是這一天的時段，請從清單中選擇。", "The time you chose is not one of that day's times. Choose one from the list.") \
    X(T_DRAW_ALREADY, "您或您的另一半已經登記過這次抽籤了，每對新人只能登記一次。抽籤結果會通知第一次登記時留下的手機或電子郵件。", \
      "You or your partner have already asked in this draw, and each couple may ask once. The result will be sent to the phone or e-mail given with that first request.") \
    X(T_DRAW_NOT_OPEN, "現在不是抽籤登記期間，這次沒有為您登記。請看上面的登記期間。", \
      "The draw does not take requests now, so nothing was recorded. See when requests are taken above.") \
    X(T_DRAW_REQUEST_TITLE, "您的抽籤登記", "Your request in the draw") \
    X(T_DRAW_REQUESTED, "已收到您的抽籤登記。請保存這個網頁的網址，以便查看結果。", \
      "Your request is in. Keep the address of this page to see the result.") \
    X(T_DRAW_NUMBER, "登記號碼", "Request number") \
    X(T_DRAW_SERVICE, "業務", "Service") \
    X(T_DRAW_DAY, "日期", "Date") \
    X(T_DRAW_TIME_ASKED, "希望的時間", "Time asked for") \
    X(T_DRAW_RESULT, "結果", "Result") \
    X(T_DRAW_PENDING, "尚未抽籤。抽籤後會以電子郵件或簡訊通知您。", "Not drawn yet. You will be told by e-mail or text message after the draw.") \
    X(T_DRAW_RANK, "抽籤順序", "Place in the draw") \
    X(T_DRAW_RANK_BEFORE, "第 ", "number ") \
    X(T_DRAW_RANK_AFTER, " 位", "") \
    X(T_DRAW_BOOKED, "您抽中了，已為您預約：", "You were drawn and booked:") \
    X(T_DRAW_BOOKING_CODE, "預約代號", "Booking code") \
    X(T_DRAW_MANAGE, "查看或管理這筆預約", "See or manage this booking") \
    X(T_DRAW_WAITING, "輪到您時已經沒有名額，您已列入當天的候補名單；有人取消時，會依序以電子郵件或簡訊通知您。", \
      "No place was left when your turn came: you are on the day's waitlist, and will be told in turn by e-mail or text message if a place is freed.") \
    X(T_DRAW_REFUSED, "輪到您時無法為您預約：", "When your turn came you could not be booked: ") \
    X(T_DRAW_REQUEST_NOT_FOUND, "找不到這筆抽籤登記。連結可能不完整。", "We cannot find this request. The link may be incomplete.") \
    X(T_RESIDENT_LEGEND, "您是否設籍本區（本轄居民）？", "Is your household registered in this district?") \
    X(T_RESIDENT_HINT, "這個時段只受理設籍本區的居民。臨櫃時會核對您的戶籍地址，請帶身分證。", "This time is for residents of the district only. The counter will check the household address on your ID card: bring it.") \
    X(T_RESIDENT_YES, "是，我設籍本區", "Yes, I am registered in this district") \
    X(T_RESIDENT_NO, "否", "No") \
    X(T_ERR_RESIDENT_MISSING, "請回答您是否設籍本區", "Answer whether you are registered in this district") \
    X(T_RESIDENT_CLAIMED, "設籍本區（臨櫃核對戶籍地址）", "Registered in this district (the counter checks the address)") \
    X(T_RESIDENT_NOT_CLAIMED, "未設籍本區", "Not registered in this district") \
    X(T_NEEDS_LEGEND, "需要我們預先準備的協助（選填）", "Help we should prepare (optional)") \
    X(T_NEEDS_HINT, "只供櫃檯事先準備，不影響預約；預約資料刪除時一併刪除。", "Only so that the counter can prepare; it does not change your booking, and it is erased with your booking's details.") \
    X(T_NEED_WHEELCHAIR, "輪椅通行（無障礙動線、低櫃檯）", "Wheelchair access (step-free way, a low counter)") \
    X(T_NEED_PRIORITY, "愛心櫃檯（年長者、孕婦、身心障礙者）", "Priority counter (elderly, pregnant, disabled)") \
    X(T_NEED_INTERPRETER, "通譯", "Interpreter") \
    X(T_NEED_INTERPRETER_NONE, "不需要", "None") \
    X(T_NEEDS, "協助需求", "Help to prepare") \
    X(T_NEEDS_NONE, "無", "None") \
    X(T_RESIDENT, "設籍本區", "Resident") \
    X(T_STAFF_NOT_RESIDENT, "這個時段只受理設籍本區的居民：民眾若設籍本區，請勾選「民眾表示設籍本區」；否則請另選時段。", "That time is for residents of the district only: tick \"registered in this district\" if the citizen says they are, or choose another time.") \
    X(T_STAFF_RESIDENT, "民眾表示設籍本區（本轄居民時段需要；臨櫃核對戶籍地址）", "The citizen says they are registered in this district (needed for a residents-only time; the counter checks the address)") \
    X(T_ERR_INTERPRETER, "請從清單選擇通譯語言", "Choose the interpreter's language from the list") \
    X(T_SURVEY_TITLE, "服務滿意度問卷", "How was your visit?") \
    X(T_SURVEY_INTRO, "三個問題，約一分鐘，不必登入，也不會詢問您的身分。1 分最差，5 分最好。", "Three questions, about a minute; no sign-in, and we do not ask who you are. 1 is poor, 5 is very good.") \
    X(T_SURVEY_WAITING, "等候時間", "Waiting time") \
    X(T_SURVEY_COURTESY, "服務人員的態度", "Staff courtesy") \
    X(T_SURVEY_OVERALL, "整體滿意度", "Overall") \
    X(T_SURVEY_COMMENT, "意見（選填）", "Comment (optional)") \
    X(T_SURVEY_COMMENT_HINT, "最多 500 字。請勿填寫身分證字號、電話等個人資料。", "Up to 500 characters. Please leave out ID numbers, phone numbers and other personal details.") \
    X(T_SURVEY_SEND, "送出問卷", "Send my answers") \
    X(T_SURVEY_SCORE_1, "很差", "poor") \
    X(T_SURVEY_SCORE_5, "很好", "very good") \
    X(T_ERR_SURVEY_SCORE, "請選擇 1 到 5 分", "Choose a score from 1 to 5") \
    X(T_ERR_SURVEY_COMMENT_LONG, "意見最多 500 字", "The comment can be at most 500 characters") \
    X(T_ERR_SURVEY_COMMENT, "意見含有無法顯示的字元", "The comment holds characters that cannot be shown") \
    X(T_SURVEY_THANKS, "謝謝您的回饋", "Thank you for your answers") \
    X(T_SURVEY_THANKS_BODY, "您的意見已送出，我們會用來改善服務。", "Your answers are in; we use them to improve the service.") \
    X(T_SURVEY_ANSWERED, "這份問卷已經填過了", "This survey has been answered") \
    X(T_SURVEY_ANSWERED_BODY, "每筆預約只能填寫一次，您先前的回答已經收到，謝謝您。", "Each booking is asked once: your earlier answers are in. Thank you.") \
    X(T_SURVEY_NOT_OPEN, "問卷尚未開放", "The survey is not open") \
    X(T_SURVEY_NOT_OPEN_BODY, "辦理完成後才會開放這份問卷。", "The survey opens once your visit has taken place.") \
    X(T_SURVEY_CLOSED, "問卷已結束", "The survey is closed") \
    X(T_SURVEY_CLOSED_BODY, "這份問卷已超過填寫期限（來訪後 30 天）。", "This survey was open for 30 days after the visit.") \
    X(T_SURVEY_VISIT, "您的來訪", "Your visit") \
    X(T_FIG_SATISFACTION, "滿意度（問卷平均分數，1–5）", "Satisfaction (survey averages, 1–5)") \
    X(T_FIG_SATISFACTION_NONE, "這段期間沒有問卷回覆。", "No survey answers in this period.") \
    X(T_FIG_MONTH, "月份", "Month") \
    X(T_FIG_WINDOW, "時段", "Window") \
    X(T_FIG_ANSWERS, "回覆數", "Answers") \
    X(T_FIG_SAT_WAITING, "等候", "Waiting") \
    X(T_FIG_SAT_COURTESY, "態度", "Courtesy") \
    X(T_FIG_SAT_OVERALL, "整體", "Overall") \
    X(T_FIG_COMMENTS_LINK, "問卷意見", "Survey comments") \
    X(T_COMMENTS_TITLE, "問卷意見", "Survey comments") \
    X(T_COMMENTS_NONE, "這段期間沒有意見。", "No comments in this period.") \
    X(T_COMMENTS_SCORES, "分數（等候／態度／整體）", "Scores (waiting / courtesy / overall)") \
    X(T_COMMENT, "意見", "Comment")
/* clang-format on */

#define WEB_TEXT_ENUM(name, zh, en) name,
enum web_text { WEB_TEXTS(WEB_TEXT_ENUM) WEB_TEXT_COUNT };
#undef WEB_TEXT_ENUM

#endif
