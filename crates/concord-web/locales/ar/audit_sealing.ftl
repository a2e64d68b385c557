# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = لم يُختم سجل التدقيق منذ { $since } (UTC)، و{ $waiting ->
    [zero] لا توجد أحداث في الانتظار
    [one] هناك حدث واحد في الانتظار
    [two] هناك حدثان في الانتظار
    [few] هناك { $waiting } أحداث في الانتظار
    [many] هناك { $waiting } حدثًا في الانتظار
   *[other] هناك { $waiting } حدث في الانتظار
}: عمليات الوصول لا تُختم بطريقة تجعل أي تلاعب بها قابلًا للكشف. أبلغ الفريق التقني؛ والسبب:
