# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Choosing the language, and the problems many forms share.
# The names of the languages are each written in itself, the same in
# every locale.
language-name-ar = العربية
language-name-en-us = English
language-name-es = Español
language-name-fr = Français
language-name-ru = Русский
language-name-zh-cn = 中文（简体）
language-switcher-label = اللغة
language-not-offered = ليست من اللغات المتاحة
field-language = اللغة
account-language-title = اللغة
account-language-hint = لغة صفحات Concord لك، على كل جهاز تسجّل الدخول منه. روابط اللغات في أعلى كل صفحة تغيّرها في هذا المتصفح فقط.
account-language-browser = لغة المتصفح
account-language-button = حفظ اللغة
account-language-saved = تم حفظ لغتك.
problem-required = مطلوب
problem-too-long = يجب ألا يتجاوز { $max } حرفًا
problem-control-characters = يجب ألا يحتوي على محارف تحكم
problem-not-an-id = يجب أن يكون معرّفًا فريدًا (UUID)
problem-does-not-exist = غير موجود
problem-yes-or-no = يجب أن يكون نعم أو لا
problem-in-the-future = لا يمكن أن يكون في المستقبل
problem-not-an-email = ليس عنوان بريد إلكتروني
problem-not-your-password = ليست كلمة المرور الحالية
problem-no-such-agency = يشير إلى جهة غير موجودة
problem-no-such-area = يشير إلى منطقة غير موجودة
problem-age-years = يجب أن يكون عددًا صحيحًا من السنوات بين 0 و120
problem-at-least-one = يجب ألا يقل عن 1
problem-choose-a-category = اختر نوعًا واحدًا على الأقل من المعلومات
problem-choose-a-conference = اختر مؤتمرًا
problem-name-an-agency = يجب أن يحدد جهة
problem-already-ended = انتهى بالفعل
problem-date-like = يجب أن يكون تاريخًا مثل { $example }
problem-date-written-like = يجب أن يكون تاريخًا مكتوبًا بالشكل { $example }
problem-date-iso = يجب أن يكون تاريخًا (YYYY-MM-DD)
problem-is-in-the-future = في المستقبل
problem-not-a-known-area = ليست منطقة معروفة
