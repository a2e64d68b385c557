# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = الإحصاءات
statistics-title = الإحصاءات
statistics-incidents-title = إحصاءات الحوادث (GBVIMS)
statistics-incidents-intro = حوادث العنف القائم على النوع الاجتماعي حسب المنطقة والفترة، مع تصنيف تفصيلي. اختر منطقة في الجدول لعرض المناطق التابعة لها.
statistics-show = عرض
statistics-period-hint = شهر (2026-11) أو فصل (2026-Q4) أو سنة (2026)، بالتوقيت التقويمي المحلي.
statistics-drill-path = المناطق من المستوى الوطني نزولًا
statistics-and-areas-below = والمناطق التابعة لها
statistics-total = جميع الحوادث المحتسبة
statistics-at-this-level = مسجّلة في هذه المنطقة نفسها، لا في أي منطقة تابعة لها
statistics-month = الشهر
statistics-suppressed = محجوبة
statistics-suppressed-note = تجمع هذه الأرقام بيانات عدة جهات، لذا تُعرض الأعداد الصغيرة (من 1 إلى { $threshold } ناقص واحد) على أنها «محجوبة»، وكذلك الأرقام الأخرى التي يمكن أن يُستنتج منها عدد صغير.
statistics-exact-note = هذه أرقام جهتك نفسها بدقة. وهي ليست للنشر: كل ما يُشارك خارج جهتك يُحجب.
statistics-chart-caption = { $breakdown }: { $area }، { $period }.
statistics-chart-same-as-table = يعرض الجدول أعلاه الأرقام نفسها.
statistics-trend-caption = الحوادث المحتسبة حسب الشهر
statistics-definition-title = ما الذي يُحتسب
statistics-suppression-explained = لا تغادر الأرقام الدقيقة أبدًا الجهة التي تحتفظ بالسجلات. وحيثما تُجمع بيانات الجهات، أو تُعرض الأرقام على المحللين أو الأمانات أو المنسقين، تُحجب الأعداد الصغيرة معًا عبر جميع المستويات وجميع التصنيفات التفصيلية للفترة، بحيث لا يمكن استنتاج رقم مقاطعة محجوب من المقاطعات المجاورة أو من إقليمها أو من تصنيف تفصيلي آخر.

field-agencies = الجهات
field-period = الفترة
field-breakdown = التصنيف التفصيلي

statistics-agencies-all = جميع الجهات مجتمعة (مع الحجب)
statistics-agencies-own = جهتي فقط (بدقة)

statistics-breakdown-gbv-type = نوع العنف
statistics-breakdown-age-group = الفئة العمرية للناجية
statistics-breakdown-sex = جنس الناجية أو نوعها الاجتماعي
statistics-breakdown-perpetrator-relationship = صلة الجاني بالناجية
statistics-breakdown-reporting-delay = المدة من الحادثة إلى الإبلاغ
statistics-breakdown-context = السياق (قد يكون للحادثة أكثر من سياق)

age-group-unknown = العمر غير معروف

statistics-definition-numerator = ما يُحتسب
statistics-definition-denominator = من أصل
statistics-definition-period = الفترة
statistics-definition-excluded = ما لا يُحتسب

statistics-indicator-gbv-incidents = حوادث العنف القائم على النوع الاجتماعي
statistics-indicator-gbv-incidents-numerator = الحوادث من أحد الأنواع الستة في GBVIMS (الاغتصاب، الاعتداء الجنسي، الاعتداء الجسدي، الزواج القسري، الحرمان من الموارد، الإساءة النفسية)، في المنطقة أو في منطقة تابعة لها.
statistics-indicator-gbv-incidents-denominator = عدد لا نسبة: مجموع فئات التصنيف التفصيلي يساوي الإجمالي، باستثناء السياقات، إذ قد ينطبق أكثر من سياق على الحادثة الواحدة.
statistics-indicator-gbv-incidents-period = يقع التاريخ المحلي لأول إبلاغ عن الحادثة ضمن الفترة.
statistics-indicator-gbv-incidents-excluded = الحوادث التي لم توافق الناجية على استخدامها في الإحصاءات؛ والحوادث التي سبق الإبلاغ عنها في جهة أخرى (كي لا تُحتسب الحادثة الواحدة مرتين بين الجهات)؛ والحوادث التي ليست عنفًا قائمًا على النوع الاجتماعي.

statistics-indicator-repeat-victimisation = تكرار الإيذاء
statistics-indicator-repeat-victimisation-numerator = الناجيات اللواتي وقعت حادثتهن في الفترة خلال 12 شهرًا تقويميًا بعد حادثة سابقة لهن.
statistics-indicator-repeat-victimisation-denominator = الناجيات اللواتي لديهن حادثة في الفترة.
statistics-indicator-repeat-victimisation-period = يقع التاريخ المحلي للحادثة ضمن الفترة.
statistics-indicator-repeat-victimisation-excluded = اليوم نفسه للحادثة السابقة (واقعة واحدة).
