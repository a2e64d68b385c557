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
language-switcher-label = Язык
language-not-offered = не входит в число доступных языков
field-language = Язык
account-language-title = Язык
account-language-hint = Язык страниц Concord для вас на каждом устройстве, с которого вы входите. Ссылки на языки вверху каждой страницы меняют его только в этом браузере.
account-language-browser = Язык браузера
account-language-button = Сохранить язык
account-language-saved = Ваш язык сохранён.
problem-required = обязательно для заполнения
problem-too-long = { $max ->
    [one] должно содержать не более { $max } символа
   *[other] должно содержать не более { $max } символов
}
problem-control-characters = не должно содержать управляющих символов
problem-not-an-id = должно быть UUID
problem-does-not-exist = не существует
problem-yes-or-no = должно быть «да» или «нет»
problem-in-the-future = не может быть в будущем
problem-not-an-email = не является адресом электронной почты
problem-not-your-password = не является вашим текущим паролем
problem-no-such-agency = указывает на несуществующую организацию
problem-no-such-area = указывает на несуществующую территорию
problem-age-years = должно быть целым числом лет от 0 до 120
problem-at-least-one = должно быть не меньше 1
problem-choose-a-category = выберите хотя бы один вид сведений
problem-choose-a-conference = выберите конференцию
problem-name-an-agency = должно указывать организацию
problem-already-ended = уже было прекращено
problem-date-like = должно быть датой вида { $example }
problem-date-written-like = должно быть датой в формате { $example }
problem-date-iso = должно быть датой (ГГГГ-ММ-ДД)
problem-is-in-the-future = находится в будущем
problem-not-a-known-area = не является известной территорией
