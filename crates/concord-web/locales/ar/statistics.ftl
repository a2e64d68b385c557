# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = الإحصاءات
statistics-title = الإحصاءات
statistics-incidents-title = إحصاءات الحوادث (GBVIMS)
statistics-incidents-intro = حوادث العنف القائم على النوع الاجتماعي حسب المنطقة والفترة، مع تصنيف تفصيلي. اختر منطقة في الجدول لعرض المناطق التابعة لها.
statistics-show = عرض
statistics-period-hint = شهر (2026-11) أو ربع سنة (2026-Q4) أو سنة (2026)، وفق التقويم المحلي.
statistics-drill-path = المناطق من المستوى الوطني نزولًا
statistics-and-areas-below = والمناطق التابعة لها
statistics-total = جميع الحوادث المحتسبة
statistics-at-this-level = سُجّلت في هذه المنطقة نفسها، لا في أي منطقة تابعة لها
statistics-month = الشهر
statistics-suppressed = محجوب
statistics-suppressed-note = تجمع هذه الأرقام بين عدة جهات، ولذلك تُعرض الأعداد الصغيرة (من 1 إلى { $threshold } ناقص واحد) على أنها «محجوب»، وكذلك الأرقام الأخرى التي يمكن أن يُستنتج منها عدد صغير.
statistics-exact-note = هذه هي الأرقام الدقيقة لجهتك نفسها. وهي ليست للنشر: كل ما يُشارَك خارج جهتك يخضع للحجب.
statistics-chart-caption = { $breakdown }: { $area }، { $period }.
statistics-chart-same-as-table = يعرض الجدول أعلاه الأرقام نفسها.
statistics-trend-caption = الحوادث المحتسبة حسب الشهر
statistics-definition-title = ما يُحتسب
statistics-suppression-explained = لا تغادر الأرقام الدقيقة أبدًا الجهة التي تحتفظ بالسجلات. وحيثما جُمعت عدة جهات، أو عُرضت الأرقام على المحللين أو الأمانات أو المنسقين، تُحجب الأعداد الصغيرة معًا عبر جميع المستويات وجميع التصنيفات التفصيلية للفترة، حتى لا يمكن استنتاج الرقم المحجوب لمديرية ما من المديريات المجاورة لها أو من إقليمها أو من تصنيف تفصيلي آخر.

field-agencies = الجهات
field-period = الفترة
field-breakdown = التصنيف التفصيلي

statistics-agencies-all = جميع الجهات مجتمعة (مع الحجب)
statistics-agencies-own = جهتي فقط (أرقام دقيقة)

statistics-breakdown-gbv-type = نوع العنف
statistics-breakdown-age-group = الفئة العمرية للناجية
statistics-breakdown-sex = جنس الناجية أو نوعها الاجتماعي
statistics-breakdown-perpetrator-relationship = صلة الجاني بالناجية
statistics-breakdown-reporting-delay = المدة بين الحادثة والإبلاغ عنها
statistics-breakdown-context = السياق (قد ينطبق على الحادثة أكثر من سياق)

age-group-unknown = العمر غير معروف

statistics-definition-numerator = ما يُحتسب
statistics-definition-denominator = من أصل
statistics-definition-period = الفترة
statistics-definition-excluded = ما لا يُحتسب

statistics-indicator-gbv-incidents = حوادث العنف القائم على النوع الاجتماعي
statistics-indicator-gbv-incidents-numerator = الحوادث من أحد أنواع GBVIMS الستة (الاغتصاب، الاعتداء الجنسي، الاعتداء الجسدي، الزواج القسري، الحرمان من الموارد، الإيذاء النفسي)، في المنطقة أو في منطقة تابعة لها.
statistics-indicator-gbv-incidents-denominator = عدد لا نسبة: مجموع فئات التصنيف التفصيلي يساوي المجموع الكلي، باستثناء السياقات، إذ قد ينطبق عدد منها على حادثة واحدة.
statistics-indicator-gbv-incidents-period = يقع التاريخ المحلي الذي أُبلغ فيه عن الحادثة لأول مرة ضمن الفترة.
statistics-indicator-gbv-incidents-excluded = الحوادث التي لم توافق فيها الناجية على احتسابها في الإحصاءات؛ والحوادث التي سبق الإبلاغ عنها في مكان آخر (حتى لا تُحتسب الحادثة الواحدة مرتين لدى جهات مختلفة)؛ والحوادث التي ليست عنفًا قائمًا على النوع الاجتماعي.

statistics-indicator-repeat-victimisation = تكرار التعرض للعنف
statistics-indicator-repeat-victimisation-numerator = الناجيات اللواتي وقعت حادثتهن في الفترة خلال 12 شهرًا تقويميًا بعد حادثة سابقة تعرّضن لها.
statistics-indicator-repeat-victimisation-denominator = الناجيات اللواتي تعرّضن لحادثة في الفترة.
statistics-indicator-repeat-victimisation-period = يقع التاريخ المحلي للحادثة ضمن الفترة.
statistics-indicator-repeat-victimisation-excluded = الحادثة الواقعة في اليوم نفسه للحادثة السابقة (واقعة واحدة). والحوادث التي لا تحتسبها إحصاءات الحوادث أيضًا (دون موافقة على الإحصاء، أو المبلّغ عنها في جهة أخرى، أو التي ليست عنفًا قائمًا على النوع الاجتماعي).
