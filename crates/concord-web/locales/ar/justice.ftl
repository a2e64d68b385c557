# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The justice chain of a case (issue 16).

category-justice = العدالة (الشرطة والنيابة العامة والمحاكم والمراقبة القضائية)
case-refusal-sector-does-not-record = لا تسجّل جهات قطاعك هذا النوع من خطوات العدالة: تسجّل الشرطة البلاغات والجرائم وعمليات القبض والإفراج بكفالة؛ وتسجّل النيابة العامة والشرطة قرار توجيه الاتهام؛ وتسجّل النيابة العامة الملاحقة القضائية؛ وتسجّل المحاكم والنيابة العامة الجلسات والتدابير الخاصة والأحكام؛ وتسجّل المحاكم والنيابة العامة والمراقبة القضائية العقوبة.

field-occurred-on = تاريخ الحدوث
field-detail = رقم البلاغ أو شروط الإفراج بكفالة
field-offences = فئات الجرائم

justice-link = مسار العدالة
justice-title = مسار العدالة في الحالة
justice-chain = ما حدث بعد أن أبلغت، بترتيب حدوثه
justice-no-steps = لم يُسجَّل شيء بعد.
justice-recorded-by = الجهة المسجِّلة
justice-record = تسجيل خطوة
justice-record-hint = تأتي كل خطوة بعد الخطوة التي تتطلبها: بلاغ، ثم تسجيل جريمة أو قبض؛ وقرار توجيه الاتهام بعد تسجيل جريمة؛ والملاحقة القضائية بعد توجيه الاتهام؛ والجلسات والتدابير الخاصة والحكم بعد بدء الملاحقة القضائية؛ والعقوبة بعد حكم بالإدانة.
justice-outcome-hint = لتسجيل جريمة أو قرار توجيه الاتهام أو جلسة أو تدابير خاصة أو حكم أو عقوبة. اتركه فارغًا للخطوات الأخرى.
justice-reason-hint = عند حفظ القضية، أو عندما تسحب دعمها. اتركه فارغًا في غير ذلك.
justice-detail-hint = رقم البلاغ المقدَّم إلى الشرطة، أو شروط الإفراج بكفالة. يُحفظ مشفّرًا. اتركه فارغًا للخطوات الأخرى.
justice-none = لا ينطبق على هذه الخطوة
justice-record-button = تسجيل الخطوة

justice-detail-reported-to-police = رقم البلاغ
justice-detail-released-on-bail = شروط الإفراج بكفالة

justice-kind-reported-to-police = الإبلاغ إلى الشرطة
justice-kind-crime-recorded = تسجيل الجريمة
justice-kind-arrest = القبض
justice-kind-released-on-bail = الإفراج عن المشتبه به بكفالة
justice-kind-charge-decision = قرار توجيه الاتهام
justice-kind-prosecution-started = بدء الملاحقة القضائية
justice-kind-court-hearing = جلسة المحكمة
justice-kind-special-measures = تدابير خاصة في المحكمة
justice-kind-verdict = الحكم في الإدانة أو البراءة
justice-kind-sentence = العقوبة
justice-kind-support-withdrawn = سحبت دعمها للإجراءات

justice-outcome-charged = توجيه الاتهام
justice-outcome-no-further-action = حفظ القضية (عدم اتخاذ أي إجراء آخر)
justice-outcome-out-of-court = إجراء بديل عن الملاحقة القضائية
justice-outcome-adjourned = تأجيل الجلسة
justice-outcome-pleaded-guilty = الاعتراف بالذنب
justice-outcome-pleaded-not-guilty = إنكار التهمة
justice-outcome-trial-held = عُقدت المحاكمة
justice-outcome-other = أخرى
justice-outcome-screens = ساتر عازل
justice-outcome-live-link = الإدلاء بالشهادة عبر اتصال مرئي مباشر
justice-outcome-evidence-in-private = الإدلاء بالشهادة في جلسة سرية
justice-outcome-video-recorded-evidence = شهادة مسجّلة بالفيديو
justice-outcome-intermediary = وسيط للتواصل
justice-outcome-guilty = الإدانة
justice-outcome-not-guilty = البراءة
justice-outcome-custody = السجن
justice-outcome-suspended-sentence = عقوبة موقوفة التنفيذ
justice-outcome-community-order = عقوبة مجتمعية (خدمة المجتمع أو غيرها من التدابير غير الاحتجازية)
justice-outcome-fine = غرامة
justice-outcome-discharge = الإعفاء من العقوبة

justice-reason-evidential-difficulties = صعوبات في الإثبات
justice-reason-victim-does-not-support = لم تؤيد الملاحقة القضائية
justice-reason-not-in-public-interest = لا تخدم المصلحة العامة
justice-reason-suspect-not-identified = لم تُحدَّد هوية المشتبه به
justice-reason-other = أخرى
justice-reason-fear-of-reprisal = الخوف من الانتقام
justice-reason-pressure-from-perpetrator-or-family = ضغط من الجاني أو الأسرة
justice-reason-reconciled = المصالحة
justice-reason-lost-confidence-in-process = فقدان الثقة في الإجراءات

# Protection orders (issue 16 part 2; domain rules only so far).
field-issued-on = تاريخ الإصدار
field-served-on = تاريخ التبليغ
field-expires-on = تاريخ الانتهاء
