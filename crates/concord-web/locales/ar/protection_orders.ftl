# أوامر الحماية وخرقها (issue 16 §2).

orders-title = أوامر الحماية
orders-heading = أوامر الحماية الخاصة بها وخرقها
orders-none = لم يُسجَّل أي أمر حماية.
orders-not-served = لم يُبلَّغ بعد
orders-expired = منتهي الصلاحية
orders-expiring-soon = ينتهي خلال 14 يومًا
orders-no-breaches = لم يُسجَّل أي خرق.
orders-breaches = حالات الخرق
orders-record-breach = تسجيل خرق لهذا الأمر
orders-record-breach-button = تسجيل الخرق
orders-record = تسجيل أمر حماية
orders-record-button = تسجيل الأمر
orders-conditions-hint = ما يحظره الأمر أو يفرضه. يُحفظ مشفّرًا.

field-order-kind = نوع الأمر
field-issued-by = الجهة المُصدِرة (محكمة أو سلطة)
field-conditions = الشروط
field-breached-on = تاريخ الخرق
field-action-taken = الإجراء المتخذ
field-breaches-count = تُحتسب حالات خرق أوامر الحماية حوادثَ ضمن معيار التصعيد المحتمل

breach-action-arrested = القبض على المعتدي
breach-action-charged = توجيه الاتهام إلى المعتدي
breach-action-warning-given = توجيه إنذار
breach-action-referred-to-prosecution = الإحالة إلى النيابة العامة
breach-action-returned-to-court = الإعادة إلى المحكمة
breach-action-no-further-action = لا إجراء آخر

home-orders-expiring = أوامر حماية على وشك الانتهاء
home-order-expiring = { $reference }: { $kind } ينتهي في { $date } (متبقٍ { $days } يوم)
risk-breach-flag = سُجِّل { $count } خرق لأوامر الحماية الخاصة بها، آخرها في { $date }.
conference-breaches-counted = منها { $count } خرق لأمر حماية
field-kinds = أنواع الأوامر
