# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Concord — русский. Terminology follows the Russian used by UN agencies for
# gender-based violence (пострадавшая, направление, ведение случаев).

## Frame
skip-to-content = Перейти к содержанию
nav-label = Основная
nav-home = Главная
nav-areas = Территории
nav-agencies = Организации
nav-users = Пользователи
nav-audit = Журнал аудита
nav-account = Моя учётная запись
sign-out = Выйти
demo-banner = Демонстрационный режим: это демонстрационный район с вымышленными людьми. Демонстрационные учётные записи могут входить без второго фактора. Никогда не вводите сюда реальные сведения.
form-problems = Исправьте, пожалуйста, следующее
actions = Действия
edit = Изменить
save = Сохранить изменения
choose = Выберите…
none = Нет

## The error page
error-heading-forbidden = Не разрешено
error-heading-not-found = Не найдено
error-heading-invalid = Проверьте введённые данные
error-heading-throttled = Слишком много попыток
error-heading-conflict = Изменено кем-то другим
error-heading-internal = Что-то пошло не так
error-go-home = Перейти на главную страницу
error-reference = Укажите этот номер, если обратитесь в службу поддержки:
next-page = Следующая страница
filter = Показать
status = Статус
active = Активна
disabled = Отключена
on = Включено
off = Выключено
continue = Продолжить
all-agencies = Все организации
all-actions = Все действия

## Sign-in
sign-in-title = Вход
sign-in-button = Войти
sign-in-wrong = Неверное имя пользователя или пароль.
sign-in-throttled = Слишком много неудачных попыток. Подождите 15 минут и попробуйте снова.
sign-in-expired = Срок действия формы входа истёк. Попробуйте снова.
second-factor = Двухэтапный вход
second-factor-title = Двухэтапный вход
second-factor-intro = Введите 6-значный код из приложения-аутентификатора или один из ваших кодов восстановления.
second-factor-button = Проверить
second-factor-wrong = Этот код неверен или уже использован. Дождитесь нового кода и попробуйте снова.
enrol-title = Настройка двухэтапного входа
enrol-intro = Ваша роль даёт доступ к конфиденциальным сведениям, поэтому для входа нужен второй этап. Добавьте Concord в приложение-аутентификатор на телефоне, отсканировав код или введя ключ ниже, затем введите 6-значный код, который покажет приложение.
enrol-qr-caption = QR-код для сканирования приложением-аутентификатором
enrol-secret-label = Ключ для ввода в приложение:
enrol-button = Включить двухэтапный вход
recovery-codes-title = Ваши коды восстановления
recovery-codes-intro = Если вы потеряете телефон, каждый из этих кодов позволит войти один раз. Запишите или распечатайте их сейчас и храните в надёжном месте: больше они показаны не будут.
recovery-codes-left = Осталось кодов восстановления: { $count }
second-factor-status-title = Двухэтапный вход
second-factor-on = Двухэтапный вход для вашей учётной записи включён.
second-factor-manage = Управлять

## Home
home-title = Требует моего внимания
home-empty = Сейчас ничто не требует вашего внимания.
home-break-glass = Экстренные открытия дел вашей организации, требующие проверки: { $count }

## Areas
areas-title = Территории
area-new-title = Новая территория
area-edit-title = Изменить территорию
area-create-button = Создать территорию
no-parent = Нет вышестоящей (национальный уровень)
level-national = Национальный
level-region = Регион
level-district = Район
level-local = Местный

## Agencies
agencies-title = Организации
agency-title = Организация
agency-new-title = Новая организация
agency-edit-title = Изменить организацию
agency-create-button = Создать организацию
agency-users-link = Учётные записи этой организации
governance-government = Государственная
governance-non-government = Негосударственная
sector-police = Полиция
sector-prosecution = Прокуратура
sector-judiciary = Судебная система и суды
sector-health = Здравоохранение
sector-social-services = Социальные службы
sector-shelter-womens-ngo = Кризисный центр или женская организация
sector-legal-aid = Юридическая помощь
sector-housing = Жильё
sector-education = Образование
sector-child-protection = Защита детей
sector-probation = Служба пробации
sector-defence = Оборона
sector-finance = Финансы
sector-foreign-affairs = Иностранные дела
sector-agriculture = Сельское хозяйство
sector-labour = Труд
sector-other = Другое

## Users
users-title = Пользователи
user-title = Учётная запись
user-new-title = Новый пользователь
user-create-button = Создать пользователя
user-profile = Профиль и роли
user-access = Доступ
user-saved = Изменения сохранены.
user-enabled = Учётная запись включена.
user-disabled = Учётная запись отключена, все её сеансы и токены API прекращены.
user-password-reset = Пароль сброшен, все сеансы и токены API учётной записи прекращены. Владельцу сообщается по электронной почте, если у учётной записи есть адрес.
user-second-factor-reset = Двухэтапный вход удалён, все сеансы и токены API учётной записи прекращены; человек настроит его заново при следующем входе. Владельцу сообщается по электронной почте, если у учётной записи есть адрес.
user-reset-password = Сбросить пароль
user-reset-second-factor = Удалить двухэтапный вход (телефон утерян)
user-disable = Отключить учётную запись
user-enable = Включить учётную запись
user-audit-link = События аудита этого человека
user-managed-by-agency = Изменять, сбрасывать или отключать учётные записи этой организации могут только её собственные администраторы.
user-own-credentials = Чтобы изменить свой пароль или двухэтапный вход, используйте раздел «Моя учётная запись» с текущим паролем.
user-onboarding-hint = Системный администратор создаёт учётные записи системных администраторов, а также первого администратора организации (только с ролью администратора организации), пока ни у одной учётной записи организации нет этой роли. Дальше остальные учётные записи создают администраторы самой организации.
user-email = Электронная почта для уведомлений
user-email-none = нет
user-email-hint = Необязательно. Concord пишет сюда, только когда кто-то другой сбрасывает пароль или двухэтапный вход этой учётной записи; владелец может изменить адрес в разделе «Моя учётная запись».
# The e-mail that tells an account's owner someone else reset its sign-in:
# what happened and when, nothing else.
owner-notice-password-subject = Ваш пароль Concord сброшен
owner-notice-password-body =
    Администратор вашей организации установил новый пароль
    для вашей учётной записи Concord { $when }.
    Все сеансы и токены API вашей учётной записи прекращены.

    Если вы этого не ожидали, немедленно сообщите
    администраторам вашей организации.

    Вход: { $url }
owner-notice-second-factor-subject = Из вашей учётной записи Concord удалён двухэтапный вход
owner-notice-second-factor-body =
    Администратор вашей организации удалил двухэтапный вход
    из вашей учётной записи Concord { $when }: вы настроите его
    заново при следующем входе.
    Все сеансы и токены API вашей учётной записи прекращены.

    Если вы этого не ожидали, немедленно сообщите
    администраторам вашей организации.

    Вход: { $url }
# Why a request was refused (one message per reason).
denied-not-permitted = Ваша роль этого не разрешает.
denied-other-agency = Это принадлежит другой организации.
denied-role-too-high = Эту роль назначает, а учётной записью системного администратора управляет только системный администратор.
denied-administrator-with-case-role = Учётная запись системного администратора не может одновременно работать с делами.
denied-case-roles-stay-in-the-agency = Роли для работы с делами назначают только администраторы самой организации.
denied-token-scope = Токен API только для чтения ничего не может изменить.
denied-administrator-with-agency-role = Учётная запись системного администратора не может одновременно быть администратором организации.
denied-agency-manages-its-own-accounts = Создавать, изменять, сбрасывать или отключать учётные записи организации могут только её собственные администраторы.
denied-no-agency-administrator-yet = У этой организации ещё нет администратора: создайте её первого администратора организации (только с этой ролью), который затем создаст остальные учётные записи.
denied-agency-administrators-lost = Организация потеряла всех администраторов: новый назначается через восстановление учётной записи с одобрения второго системного администратора.
denied-token-cannot-change-credentials = Токен API не может менять пароль, второй фактор, коды восстановления или токены — ни свои, ни чужие: для этого войдите в Concord.
denied-own-credentials-in-my-account = Чтобы изменить свой пароль или двухэтапный вход, используйте раздел «Моя учётная запись» с текущим паролем.
role-system-administrator = Системный администратор
role-agency-administrator = Администратор организации
role-caseworker = Специалист по ведению случаев
role-supervisor = Супервизор
role-risk-conference-coordinator = Координатор конференции по оценке рисков
role-coordination-secretariat = Координационный секретариат
role-analyst = Аналитик
password-hint = От 12 до 128 символов. Любые символы, включая пробелы. Несколько необычных слов — хороший пароль.

## My account
account-title = Моя учётная запись
password-change-title = Сменить пароль
password-change-button = Сменить пароль
account-email-title = Электронная почта для уведомлений
account-email-hint = Concord пишет сюда, только когда администратор сбрасывает ваш пароль или двухэтапный вход. Оставьте пустым, если адрес не нужен. Для изменения нужен текущий пароль.
account-email-button = Сохранить адрес электронной почты
account-email-password = Ваш текущий пароль для подтверждения
account-email-saved = Ваш адрес электронной почты для уведомлений сохранён.
sessions-title = Мои сеансы
session-device = Устройство
session-started = Вход выполнен
session-last-seen = Последняя активность
session-this-one = этот сеанс
session-revoke = Завершить этот сеанс
sessions-revoke-all = Выйти на всех устройствах
tokens-title = Токены API
tokens-intro = Токены позволяют другим программам использовать API Concord от вашего имени. Токен никогда не может сделать больше, чем вы.
token-new-title = Новый токен API
token-create-button = Создать токен
token-created = Скопируйте этот токен сейчас: больше он показан не будет.
token-expires = Истекает
token-expired = Истёк
token-revoked = Отозван
token-revoke = Отозвать
scope-read = Только чтение
scope-read-write = Чтение и запись

## Audit
audit-title = Журнал аудита
audit-when = Когда
audit-outcome = Результат
audit-object = Объект
audit-position = Запечатано в
audit-person = Человек
audit-system = Система
audit-unsealed = Ещё не запечатано
audit-empty = Подходящих событий нет.

## Field labels (also used in error messages)
field-username = Имя пользователя
field-password = Пароль
field-code = Код
field-enrol-code = Код из приложения
field-name = Название
field-level = Уровень
field-parent-id = Входит в
field-adult-female-population = Взрослое женское население
field-sector = Сектор
field-governance = Форма собственности
field-area-ids = Обслуживаемые территории
field-display-name = Полное имя
field-agency-id = Организация
field-roles = Роли
field-initial-password = Начальный пароль
field-new-password = Новый пароль
field-current-password = Текущий пароль
field-scope = Доступ
field-days = Срок действия (дней)
field-action = Действие
field-actor = Человек (идентификатор пользователя)
field-from = С
field-until = По
field-active = Учётная запись
field-form = Форма
field-csrf-token = Форма
field-cursor = Страница
field-limit = Размер страницы
field-agency = Организация
field-service-id = { referral-service }
field-urgency = { referral-urgency }
field-organization-id = { field-organization }
field-location-ids = Места
field-hsds-version = Версия HSDS
field-goal-id = Цель
field-task = Задача
field-state = Состояние
field-side = Отправлено или получено
field-on = Дата
field-max-hours = Часы
field-max-validity-days = Наибольший срок действия (дней)
field-small-cell-threshold = Наименьшее отображаемое число
field-shared-categories = { conference-shared-categories }
field-decision-maker = Решение принял
field-survivors-representative = Представляет пострадавших
field-valid-from = Действует с
# The parts of a risk instrument file (problems found when one is uploaded).
field-instrument = Инструмент
field-file = Файл
field-format = Формат
field-id = Идентификатор
field-key = Ключ
field-items = Пункты
field-answer = Ответ
field-bands = Диапазоны
field-criterion = Критерий
field-max = Максимум
field-min-score = Наименьший балл
field-scoring = Подсчёт баллов
field-weight = Вес
