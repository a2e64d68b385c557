# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Governance of coordination: bodies, meetings, actions, instruments and measures.
nav-bodies = التنسيق
gov-conflict-reload = غيّر شخص آخر هذا في الوقت نفسه. أعد تحميل الصفحة وحاول مرة أخرى.
gov-none-chosen = لا شيء
gov-body-sections = أقسام هذه الهيئة
gov-section-body = الهيئة والأعضاء
gov-section-meetings = الاجتماعات
gov-section-plan = خطة العمل
gov-section-instruments = الصكوك
gov-section-scorecard = بطاقة الأداء
gov-section-assessments = التقييم الذاتي

gov-bodies-title = هيئات التنسيق
gov-bodies-intro = الهيئات الوطنية والإقليمية والمحلية للاستجابة المنسقة، مع أعضائها واتفاقاتها واجتماعاتها.
gov-bodies-empty = لا توجد هيئات تنسيق بعد.
gov-body-title = هيئة التنسيق
gov-body-new-title = تسجيل هيئة
gov-body-edit-title = تعديل التسجيل
gov-body-create-button = تسجيل الهيئة
gov-secretariat-hint = يتولى الأشخاص الذين لهم دور أمانة التنسيق في هذه الجهة إدارة أعضاء الهيئة واجتماعاتها وإجراءاتها وصكوكها.
gov-no-secretariat = لم تُحدَّد أمانة
gov-membership-no-case-access = العضوية في هيئة لا تمنح حق الاطلاع على حالة أي ناجية.
gov-child-bodies = الهيئات التابعة
gov-chairs = الرئاسة
gov-no-chair = لم تُحدَّد رئاسة
gov-settings-title = القيادة والتصعيد والاختصاص
gov-members-title = الجهات الأعضاء
gov-members-empty = لا توجد جهات أعضاء بعد.
gov-member-dates = عضو منذ
gov-member-left = غادر
gov-chair = الرئاسة
gov-member-add-title = إضافة جهة عضو أو تعديلها
gov-member-add-hint = اختيار جهة عضو بالفعل يعدّل عضويتها.
gov-member-save-button = حفظ العضو
gov-subgroups-title = الأفرقة الفرعية المواضيعية
gov-subgroups-empty = لا توجد أفرقة فرعية.
gov-chaired-by = برئاسة
gov-subgroup-add-title = إضافة فريق فرعي
gov-subgroup-save-button = حفظ الفريق الفرعي
gov-subgroup-edit-title = تعديل هذا الفريق الفرعي

body-level-national = وطني
body-level-regional = إقليمي
body-level-local = محلي
body-type-national-inter-ministerial = هيئة وطنية مشتركة بين الوزارات
body-type-regional-body = هيئة إقليمية
body-type-local-council = مجلس أو لجنة محلية
body-type-risk-conference = مؤتمر تقييم المخاطر
body-type-gbv-sub-cluster = المجموعة الفرعية أو الفريق العامل المعني بالعنف القائم على النوع الاجتماعي
body-type-one-stop-centre = مركز الخدمات المتكاملة
leadership-single-lead-agency = جهة رائدة واحدة
leadership-rotating = بالتناوب
leadership-shared-state-ngo = مشتركة بين الدولة ومنظمة غير حكومية

field-body-type = النوع
field-area-id = المنطقة
field-parent-body = ترفع تقاريرها إلى
field-secretariat-agency-id = الجهة التي تتولى الأمانة
field-leadership = نموذج القيادة
field-escalate-after = عدد مرات الترحيل قبل الرفع إلى الهيئة الأعلى
field-remit = الاختصاص
field-representative = الممثل
field-representative-title = المنصب
field-deputy = النائب
field-decision-authority = يمكنه إلزام الجهة
field-chair = يرأس الهيئة (أو يشارك في رئاستها)
field-joined-on = تاريخ الانضمام
field-left-on = تاريخ المغادرة
field-chair-agency-id = جهة الرئاسة
field-chair-name = الرئاسة

gov-meetings-title = الاجتماعات
gov-meetings-empty = لا توجد اجتماعات بعد.
gov-meeting-title = الاجتماع
gov-meeting-open = مفتوح
gov-meeting-closed = مغلق
gov-meeting-new-title = تحديد موعد اجتماع
gov-meeting-schedule-button = تحديد موعد الاجتماع
gov-meeting-details-title = تعديل التاريخ أو المكان أو جدول الأعمال
gov-agenda-hint = بند واحد من جدول الأعمال في كل سطر. تنضم الإجراءات المفتوحة من الاجتماعات السابقة إلى جدول الأعمال تلقائيًا.
gov-agenda-actions = إجراءات من اجتماعات سابقة
gov-carried-empty = لا توجد إجراءات مرحّلة من اجتماعات سابقة.
gov-carried-over = { $count ->
    [zero] لم يُرحَّل
    [one] رُحّل مرة واحدة
    [two] رُحّل مرتين
    [few] رُحّل { $count } مرات
    [many] رُحّل { $count } مرة
   *[other] رُحّل { $count } مرة
}
gov-at-close = عند الإغلاق
gov-escalated-here = رُفع إلى الهيئة الأعلى في هذا الاجتماع
gov-escalated-to = رُفع إلى
gov-escalated-from = رُفع من
gov-escalated-nowhere = لم يُنجز باستمرار (ليس للهيئة هيئة أعلى يُرفع إليها)
gov-action-record-button = تسجيل
gov-attendance-title = الحضور
gov-attendance-save-button = حفظ الحضور
gov-decisions-title = القرارات
gov-decisions-empty = لم تُسجَّل قرارات.
gov-decision-add-button = إضافة القرار
gov-new-actions-title = إجراءات جديدة
gov-new-actions-empty = لا توجد إجراءات جديدة.
gov-action-add-title = إضافة إجراء
gov-action-add-button = إضافة الإجراء
gov-minutes-title = المحضر
gov-minutes-empty = لا يوجد محضر بعد.
gov-minutes-save-button = حفظ المحضر
gov-close-hint = يؤدي إغلاق الاجتماع إلى تسجيل الأعضاء الذين لم يحدد أحد حضورهم على أنهم غائبون، وتسجيل وضع كل إجراء، وترحيل الإجراءات المفتوحة (ورفعها إلى الهيئة الأعلى عند بلوغ الحد الذي حددته الهيئة). ولا يتغير شيء من الاجتماع بعد ذلك.
gov-meeting-close-button = إغلاق الاجتماع
gov-open-actions = الإجراءات المفتوحة
gov-open-actions-empty = لا توجد إجراءات مفتوحة.
field-held-on = التاريخ
field-location = المكان
field-agenda = جدول الأعمال
field-presence = الحضور
field-attendee = من حضر
field-decision = القرار
field-text = النص
gov-field-description = الإجراء
field-owner-agency-id = الجهة المسؤولة
field-ecological-level = المستوى الإيكولوجي
field-essential-action = الإجراء الأساسي في حزمة الخدمات الأساسية
field-essential-actions = الإجراءات الأساسية في حزمة الخدمات الأساسية التي ينفذها
field-action-status = الوضع
field-action-note = السبب (ما الذي تغيّر، وما الذي أُنجز)
field-status = الوضع
presence-present = حاضر
presence-apologies = معتذر
presence-absent = غائب
action-status-not-done = لم يُنجز
action-status-done = أُنجز
action-status-not-possible = غير ممكن (تغيّرت الظروف)
ecological-level-individual = الفردي
ecological-level-relationship = العلاقات
ecological-level-community = المجتمع المحلي
ecological-level-societal = المجتمعي العام
essential-action-law-and-policy = القوانين والسياسات التي تفرض التنسيق
essential-action-resourcing-and-financing = الموارد والتمويل
essential-action-standards-for-local-coordination = معايير الاستجابات المنسقة المحلية
essential-action-inclusive-approaches = النُّهج الشاملة
essential-action-capacity-development = تنمية القدرات
essential-action-monitoring-and-evaluation = رصد التنسيق وتقييمه
essential-action-local-structure-and-governance = الهيكل المحلي الرسمي وحوكمته
essential-action-local-action-plan = خطة العمل المحلية
essential-action-shared-agreements-and-sops = الاتفاقات المشتركة وإجراءات التشغيل الموحدة

gov-plan-title = خطة العمل
gov-plan-actions = الإجراءات
gov-plan-add-title = إضافة إجراء إلى الخطة
gov-coverage-title = ما تغطيه الخطة
gov-coverage-hint = الإجراءات حسب المستوى الإيكولوجي والإجراء الأساسي في حزمة الخدمات الأساسية؛ والإجراءات التي تبيّن أنها غير ممكنة لا تخطط لشيء.
gov-planned-actions = الإجراءات
gov-nothing-planned = لا شيء مخطط

gov-instruments-title = الصكوك
gov-instruments-empty = لا توجد صكوك بعد.
gov-instrument-title = الصك
gov-instrument-new-title = إضافة صك
gov-instrument-create-button = إضافة الصك
gov-instrument-edit-title = تعديل النوع أو العنوان أو الإجراءات الأساسية
gov-kept-by = تحتفظ به
gov-version = الإصدار
gov-version-new-button = بدء إصدار جديد
gov-overdue-review = تأخرت مراجعته
gov-review-soon = تقترب مراجعته
gov-document = الوثيقة
gov-no-document = لا توجد وثيقة مرفقة
gov-document-restricted = لا يرى المسودات إلا الأمانة والجهات الأعضاء
gov-document-upload = إرفاق الوثيقة
gov-document-hint = PDF أو Word (DOCX) أو نص OpenDocument (ODT) أو نص عادي، بحد أقصى 8 ميغابايت.
gov-document-upload-button = إرفاق
gov-signatories-title = الموقّعون
gov-signatories-empty = لم يُوقَّع بعد.
gov-signatory-add-title = إضافة موقّع
gov-signatory-add-button = إضافة الموقّع
gov-consultations-title = التشاور
gov-consultations-empty = لم يُسجَّل أي تشاور.
gov-consultation-add-title = تسجيل تشاور
gov-consultation-add-button = تسجيل التشاور
gov-survivors-representative = ممثلات الناجيات
gov-lifecycle-title = التواريخ ودورة الحياة
gov-field-event = خطوة دورة الحياة
gov-step-none = حفظ التواريخ فقط
gov-step-button = حفظ
gov-step-start-consultation = إرسال للتشاور
gov-step-back-to-draft = العودة إلى المسودة
gov-step-bring-into-force = إدخاله حيز النفاذ
gov-step-open-review = فتح مراجعته
gov-step-confirm-after-review = التأكيد بعد المراجعة (مع تحديد تاريخ المراجعة التالية)
gov-step-retire = إلغاء العمل به
gov-field-title = العنوان
field-kind = النوع
field-version-status = الوضع
field-effective-on = نافذ اعتبارًا من
field-review-on = تاريخ المراجعة
field-summary = الملخص
field-signed-by = وقّعه
field-signed-on = تاريخ التوقيع
field-consultee = من جرت استشارته
field-consulted-on = تاريخ الاستشارة
field-signatories = الموقّعون
field-document = الوثيقة
field-version = الإصدار
instrument-kind-law = قانون
instrument-kind-policy = سياسة
instrument-kind-national-action-plan = خطة عمل وطنية
instrument-kind-local-action-plan = خطة عمل محلية
instrument-kind-memorandum-of-understanding = مذكرة تفاهم
instrument-kind-protocol = بروتوكول
instrument-kind-standard-operating-procedure = إجراء تشغيل موحد
instrument-kind-information-sharing-protocol = بروتوكول تبادل المعلومات
instrument-kind-terms-of-reference = اختصاصات
instrument-kind-referral-pathway = مسار الإحالة
version-status-draft = مسودة
version-status-consultation = قيد التشاور
version-status-in-force = نافذ
version-status-review-due = حان موعد المراجعة
version-status-revised = منقّح
version-status-retired = ملغى

gov-scorecard-title = بطاقة الأداء
gov-scorecard-hint = يحتسب الحضور الاجتماعات المغلقة خلال الأشهر الاثني عشر الأخيرة (الاعتذار لا يُعد حضورًا). ونسبة الإنجاز هي الإجراءات المنجزة إلى مجموع الإجراءات المنجزة والإجراءات المفتوحة التي تجاوزت موعدها. وتغطية الموقّعين هي الجهات الأعضاء التي وقّعت صكًا نافذًا للهيئة، حسب القطاع.
gov-attendance-rate = معدل الحضور
gov-completion-rate = معدل إنجاز الإجراءات
gov-signatory-coverage = تغطية الموقّعين حسب القطاع
gov-instruments-overdue = صكوك تأخرت مراجعتها
gov-latest-assessment = آخر تقييم ذاتي
gov-meetings-counted = { $count ->
    [zero] لا اجتماعات
    [one] اجتماع واحد
    [two] اجتماعان
    [few] { $count } اجتماعات
    [many] { $count } اجتماعًا
   *[other] { $count } اجتماع
}
gov-open-count = { $count ->
    [zero] لا شيء مفتوح
    [one] واحد مفتوح
    [two] اثنان مفتوحان
   *[other] { $count } مفتوحة
}
gov-escalated-count = { $count ->
    [zero] لا شيء مرفوع
    [one] واحد مرفوع
    [two] اثنان مرفوعان
   *[other] { $count } مرفوعة
}
gov-in-force-count = { $count } نافذة
gov-member-agencies = الجهات الأعضاء
gov-signing-agencies = الموقّعة

gov-assessments-title = التقييم الذاتي
gov-assessments-intro = تحدد الجهات الأعضاء موقع الهيئة على سلسلة التعاون (التشبيك، التعاون، التنسيق، الشراكة، التكامل) وتقيّم مناخها وبنيتها التحتية وأنشطتها ونتائجها من 1 إلى 5.
gov-rounds-empty = لا توجد جولات تقييم ذاتي بعد.
gov-trend-title = اتجاه التقييم الذاتي (المتوسطات حسب الجولة)
gov-trend-description = متوسط مرحلة السلسلة (من 1 التشبيك إلى 5 التكامل) ومتوسط الدرجات من 1 إلى 5 لكل جولة؛ ويعرض الجدول المجاور الأرقام نفسها.
gov-trend-caption = يعرض الجدول الأرقام نفسها.
gov-round = الجولة
gov-respondents = الإجابات
gov-stage = مرحلة السلسلة
gov-climate = المناخ
gov-infrastructure = البنية التحتية
gov-activities = الأنشطة
gov-outcomes = النتائج
gov-no-answers = لا إجابات بعد
gov-answer-title = الإجابة باسم جهتك
gov-answer-button = حفظ الإجابة
gov-round-new-title = فتح جولة
gov-round-open-button = فتح الجولة
field-opened-on = تاريخ الفتح
field-stage = مرحلة السلسلة
field-climate = المناخ
field-infrastructure = البنية التحتية
field-activities = الأنشطة
field-outcomes = النتائج
continuum-stage-networking = التشبيك
continuum-stage-cooperation = التعاون
continuum-stage-coordination = التنسيق
continuum-stage-collaboration = الشراكة
continuum-stage-integration = التكامل

gov-matrix-title = مصفوفة الحوكمة في حزمة الخدمات الأساسية
gov-matrix-intro = لمنطقة ما: أي الإجراءات الأساسية الوطنية والمحلية يغطيها صك نافذ (من هيئات المنطقة والمناطق الأعلى منها)، وأيها تأخرت مراجعته، وأيها مفقود.
gov-matrix-show = عرض
gov-matrix-bodies = الهيئات المحتسبة
gov-matrix-state = الوضع
gov-scope = النطاق
gov-scope-national = وطني
gov-scope-local = محلي
matrix-cell-covered = مغطّى
matrix-cell-overdue = تأخرت مراجعته
matrix-cell-missing = مفقود
gov-home-reviews = { $count ->
    [zero] لا صكوك لهيئاتك تحتاج إلى مراجعة
    [one] صك واحد لهيئاتك حان موعد مراجعته
    [two] صكان لهيئاتك حان موعد مراجعتهما
    [few] { $count } صكوك لهيئاتك حان موعد مراجعتها
    [many] { $count } صكًا لهيئاتك حان موعد مراجعتها
   *[other] { $count } صك لهيئاتك حان موعد مراجعتها
}
