# الإصدارات الإحصائية (المسألة 13 §4): دور الموقِّع وإشعارات الصفحة الرئيسية
# للجهات التي تعتمد الإصدارات.

statistics-release-signed-as = وقّع بصفة
home-statistics-releases = الإصدارات الإحصائية
home-statistics-awaiting = { $count ->
    [one] إصدار إحصائي واحد ينتظر اعتماد جهتكم.
   *[other] { $count } إصدارات إحصائية تنتظر اعتماد جهتكم.
}
home-statistics-published = { $count ->
    [one] نُشر إصدار إحصائي واحد وقّعته جهتكم خلال آخر { $days } يومًا.
   *[other] نُشرت { $count } إصدارات إحصائية وقّعتها جهتكم خلال آخر { $days } يومًا.
}
home-statistics-release-line = { $period } — { $area }
