# الإحصاءات (issue 13): صفحة مسار الإحالات.

statistics-indicators = المؤشرات
statistics-funnel-title = مسار الإحالات
statistics-funnel-intro = الإحالات المرسلة بين الجهات خلال الفترة: إلى أي مرحلة وصلت وبأي سرعة، حسب قطاع الجهة المستقبِلة ودرجة الاستعجال. اختر منطقة في الجدول لعرض المناطق التابعة لها.
statistics-funnel-steps-caption = الإحالات المرسلة التي بلغت كل مرحلة
statistics-funnel-step = المرحلة
statistics-funnel-sent-at-this-level = مرسلة، محسوبة في هذه المنطقة نفسها (دون منطقة حادثة أدنى منها)
statistics-funnel-chart-caption = الإحالات التي بلغت كل مرحلة: { $area }، { $period }.
statistics-funnel-chart-same-as-table = تعرض الجداول الأرقام نفسها.
statistics-funnel-times-caption = الوقت الوسيط من الإرسال حتى كل مرحلة
statistics-funnel-referrals = الإحالات
statistics-funnel-median = الوقت الوسيط
statistics-funnel-no-median = غير معروض
statistics-funnel-minutes = { $minutes } دقيقة
statistics-funnel-hours = { $hours } ساعة
statistics-funnel-days = { $days } يوم
statistics-funnel-count-and-median = { $count } (الوسيط { $median })
statistics-funnel-sectors-caption = حسب قطاع الجهة المستقبِلة (الوقت الوسيط بين قوسين)
statistics-funnel-sector = القطاع المستقبِل
statistics-funnel-urgency-caption = الردود ضمن المهلة المستهدفة، حسب درجة الاستعجال
statistics-funnel-urgency = درجة الاستعجال
statistics-funnel-with-target = مرسلة بمهلة مستهدفة
statistics-funnel-in-time = رُدّ عليها في الوقت
statistics-funnel-share = نسبة الردود في الوقت
statistics-funnel-percent = { $percent }٪
statistics-funnel-no-share = غير معروضة
statistics-funnel-without-target = مرسلة دون مهلة مستهدفة
statistics-funnel-exact-note = هذه هي الإحالات التي أرسلتها جهتك بدقة. وهي ليست للنشر: كل ما يُشارك خارج جهتك يُحجب.

statistics-indicator-referral-funnel = مسار الإحالات
statistics-indicator-referral-funnel-numerator = الإحالات المرسلة خلال الفترة التي بلغت كل مرحلة: الإقرار بالاستلام، القبول، الرفض، الاتصال الأول، تقديم الخدمة، الإغلاق مع إفادة، السحب من المرسِل، الانتهاء دون رد؛ والتي رُدّ عليها (إقرار أو قبول أو رفض) ضمن مهلتها المستهدفة. يُحسب الوقت الوسيط من الإرسال حتى أول بلوغ للمرحلة.
statistics-indicator-referral-funnel-denominator = الإحالات المرسلة خلال الفترة (لنسبة الردود في الوقت: المرسلة بمهلة مستهدفة، حسب درجة الاستعجال).
statistics-indicator-referral-funnel-period = تقع لحظة الإرسال ضمن الفترة (أيام التقويم المحلية). منطقة الإحالة هي مكان أول حادثة في الحالة؛ والحالة التي لا منطقة لحادثتها تُحسب في المستوى الأعلى.
statistics-indicator-referral-funnel-excluded = المسودات التي لم تُرسل قط. لا يُعرض الوقت الوسيط إلا بجانب عدد معروض، ولا تُعرض النسبة إلا إذا عُرض عدداها كلاهما.
