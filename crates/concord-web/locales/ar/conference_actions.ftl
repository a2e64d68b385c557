# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The SMART actions of risk conferences, and what a conference's protocol shares.
conference-shared-categories = ما يتيح بروتوكول تبادل المعلومات مشاركته
conference-shared-categories-hint = ترى الجهات الحاضرة هذه الأجزاء من كل حالة مدرجة، وهذه الأجزاء وحدها، حتى انتهاء فترة الاطلاع التي تلي الاجتماع.
conference-actions = الإجراءات
conference-actions-after-attendance = يُتفق على الإجراءات في الاجتماع: سجّل الحضور أولًا.
conference-actions-for = الإجراءات الخاصة بـ
conference-actions-none = لم يُتفق على أي إجراء بعد.
conference-action-description = ما يجب القيام به
conference-action-owner = الجهة المسؤولة
conference-action-note = السبب (ما الذي تغيّر، إن لم يكن ممكنًا)
conference-action-overdue = متأخر
conference-action-escalated = رُفع إلى اللجنة التوجيهية
conference-action-carry-overs = مُرحَّل
conference-action-agree = الاتفاق على إجراء لـ
conference-action-agree-button = الاتفاق على الإجراء
conference-action-record = تسجيل
conference-actions-outstanding = إجراءات معلّقة من اجتماعات سابقة
conference-actions-outstanding-intro = يؤدي إغلاق هذا الاجتماع إلى ترحيل كل إجراء لم يُنجز بعد إلى الاجتماع التالي؛ وبعد عدد مرات الترحيل الذي يحدده المؤتمر يُرفع إلى اللجنة التوجيهية.
conference-actions-open = الإجراءات المفتوحة
conference-actions-none-open = لا يوجد إجراء مفتوح.
conference-actions-of-my-agency = إجراءات مؤتمرات تقييم المخاطر التي تتولاها جهتك
conference-actions-of-my-agency-intro = سجّل كل إجراء على أنه أُنجز، أو أنه غير ممكن مع بيان ما تغيّر. ترى جهتك هذه الإجراءات، لا بقية الحالة.
home-conference-actions = إجراءات مؤتمرات تقييم المخاطر التي تتولاها جهتك ولم تُنجز بعد: { $count }
home-conference-actions-overdue = { $count ->
    [zero] لا يوجد إجراء متأخر
    [one] إجراء واحد متأخر
    [two] إجراءان متأخران
    [few] { $count } إجراءات متأخرة
    [many] { $count } إجراءً متأخرًا
   *[other] { $count } إجراء متأخر
}
