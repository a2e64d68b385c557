# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# What an error says when it has no reason of its own (the error page and the API's `message`).
error-not-found = Не найдено.
error-conflict = Кто-то другой изменил это в то же время; перезагрузите страницу и попробуйте снова.
error-unauthenticated = Сначала войдите, или токен недействителен.
error-bad-credentials = Неверное имя пользователя или пароль.
error-bad-second-factor = Код неверен или уже использован.
error-throttled = Слишком много неудачных попыток; попробуйте позже.
error-internal = На нашей стороне что-то пошло не так. Ничего не изменено. Попробуйте снова.
error-cross-site = Этот запрос пришёл не со страницы Concord и был отклонён.
error-rate-limited = { $seconds ->
    [one] Слишком много запросов с вашего адреса; попробуйте снова через { $seconds } секунду.
    [few] Слишком много запросов с вашего адреса; попробуйте снова через { $seconds } секунды.
    [many] Слишком много запросов с вашего адреса; попробуйте снова через { $seconds } секунд.
   *[other] Слишком много запросов с вашего адреса; попробуйте снова через { $seconds } секунды.
}
