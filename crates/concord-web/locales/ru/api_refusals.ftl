# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Отказы API для запроса целиком (issue 19). Черновик инженера, ещё не проверен носителем языка.
api-refusal-method-not-allowed = Этот маршрут не принимает этот метод; заголовок Allow перечисляет допустимые.
api-refusal-too-large = Тело запроса больше, чем принимает этот маршрут.
api-refusal-too-long = Адрес длиннее, чем принимает сервер.
api-refusal-unsupported-media-type = Тело должно быть в формате JSON и отправлено с Content-Type: application/json.
api-refusal-path-value = не удаётся прочитать из адреса
api-refusal-query-value = не является допустимым значением этого параметра
error-unavailable = Сервис сейчас не может связаться со своей базой данных. Ничего не изменено. Повторите попытку чуть позже.
