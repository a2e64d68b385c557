# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = لم يُختم سجل التدقيق منذ { $since } (بالتوقيت العالمي المنسق) وهناك { $waiting } من الأحداث في الانتظار: عمليات الوصول لا تُجعل مقاومة للعبث. أبلغ الفريق التقني؛ والسبب:
