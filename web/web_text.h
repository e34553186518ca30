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
    X(T_REFUSED_RESIDENT, "這個時段只受理本區居民。", "That time is for residents of the district only.") \
    X(T_REFUSED_DUPLICATE, "您（或您的另一半）已經有一筆同樣業務的預約還沒辦理。要換時間，請用那筆預約的連結改期。", \
      "You (or your partner) already have a booking for this that has not taken place yet. To change its time, move it with the link of that booking.") \
    X(T_REFUSED_DAILY, "您（或您的另一半）當天已經有預約了；每人每天只能預約一個時段。", \
      "You (or your partner) already have a booking that day; each person can book one time a day.") \
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
      "It belongs to another office, or needs a manager.")
/* clang-format on */

#define WEB_TEXT_ENUM(name, zh, en) name,
enum web_text { WEB_TEXTS(WEB_TEXT_ENUM) WEB_TEXT_COUNT };
#undef WEB_TEXT_ENUM

#endif
