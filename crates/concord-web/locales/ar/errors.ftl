# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# What an error says when it has no reason of its own (the error page and the API's `message`).
error-not-found = غير موجود.
error-conflict = غيّر شخص آخر هذا في الوقت نفسه؛ أعد تحميل الصفحة وحاول مرة أخرى.
error-unauthenticated = سجّل الدخول أولًا، أو أن الرمز غير صالح.
error-bad-credentials = اسم المستخدم أو كلمة المرور غير صحيحة.
error-bad-second-factor = الرمز غير صحيح أو سبق استخدامه.
error-throttled = محاولات فاشلة كثيرة جدًا؛ حاول مرة أخرى لاحقًا.
error-internal = حدث خطأ ما من جهتنا. لم يتغير شيء. حاول مرة أخرى.
error-cross-site = لم يصدر هذا الطلب من صفحة في Concord فرُفض.
error-rate-limited = { $seconds ->
    [zero] طلبات كثيرة جدًا من عنوانك؛ حاول مرة أخرى الآن.
    [one] طلبات كثيرة جدًا من عنوانك؛ حاول مرة أخرى بعد ثانية واحدة.
    [two] طلبات كثيرة جدًا من عنوانك؛ حاول مرة أخرى بعد ثانيتين.
    [few] طلبات كثيرة جدًا من عنوانك؛ حاول مرة أخرى بعد { $seconds } ثوانٍ.
    [many] طلبات كثيرة جدًا من عنوانك؛ حاول مرة أخرى بعد { $seconds } ثانية.
   *[other] طلبات كثيرة جدًا من عنوانك؛ حاول مرة أخرى بعد { $seconds } ثانية.
}
