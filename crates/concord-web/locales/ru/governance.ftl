# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Governance of coordination: bodies, meetings, actions, instruments and measures.
nav-bodies = Координация
gov-conflict-reload = Кто-то другой изменил это в то же время. Перезагрузите страницу и попробуйте снова.
gov-none-chosen = Нет
gov-body-sections = Разделы этого органа
gov-section-body = Орган и участники
gov-section-meetings = Заседания
gov-section-plan = План действий
gov-section-instruments = Документы
gov-section-scorecard = Показатели
gov-section-assessments = Самооценка

gov-bodies-title = Координационные органы
gov-bodies-intro = Национальные, региональные и местные органы скоординированного реагирования с их участниками, соглашениями и заседаниями.
gov-bodies-empty = Координационных органов пока нет.
gov-body-title = Координационный орган
gov-body-new-title = Зарегистрировать орган
gov-body-edit-title = Изменить регистрацию
gov-body-create-button = Зарегистрировать орган
gov-secretariat-hint = Сотрудники этой организации с ролью координационного секретариата ведут участников, заседания, меры и документы органа.
gov-no-secretariat = секретариат не назначен
gov-membership-no-case-access = Участие в органе не даёт доступа к делу ни одной пострадавшей.
gov-child-bodies = Подотчётные органы
gov-chairs = Председатель
gov-no-chair = председатель не назначен
gov-settings-title = Руководство, эскалация и полномочия
gov-members-title = Организации-участницы
gov-members-empty = Организаций-участниц пока нет.
gov-member-dates = Участник с
gov-member-left = вышла
gov-chair = председатель
gov-member-add-title = Добавить или изменить организацию-участницу
gov-member-add-hint = Выбор организации, которая уже участвует, изменяет её участие.
gov-member-save-button = Сохранить участника
gov-subgroups-title = Тематические подгруппы
gov-subgroups-empty = Подгрупп нет.
gov-chaired-by = под председательством
gov-subgroup-add-title = Добавить подгруппу
gov-subgroup-save-button = Сохранить подгруппу
gov-subgroup-edit-title = Изменить эту подгруппу

body-level-national = Национальный
body-level-regional = Региональный
body-level-local = Местный
body-type-national-inter-ministerial = Национальный межведомственный орган
body-type-regional-body = Региональный орган
body-type-local-council = Местный совет или комитет
body-type-risk-conference = Конференция по оценке рисков
body-type-gbv-sub-cluster = Подкластер или рабочая группа по ГН
body-type-one-stop-centre = Центр комплексной помощи
leadership-single-lead-agency = Одна ведущая организация
leadership-rotating = Поочерёдное
leadership-shared-state-ngo = Совместное: государство и НКО

field-body-type = Тип
field-area-id = Территория
field-parent-body = Подотчётен
field-secretariat-agency-id = Организация-секретариат
field-leadership = Модель руководства
field-escalate-after = Переносов до передачи вышестоящему органу
field-remit = Полномочия
field-representative = Представитель
field-representative-title = Должность
field-deputy = Заместитель
field-decision-authority = Может принимать обязательства от имени организации
field-chair = Председательствует (или сопредседательствует) в органе
field-joined-on = Дата вступления
field-left-on = Дата выхода
field-chair-agency-id = Организация председателя
field-chair-name = Председатель

gov-meetings-title = Заседания
gov-meetings-empty = Заседаний пока нет.
gov-meeting-title = Заседание
gov-meeting-open = открыто
gov-meeting-closed = закрыто
gov-meeting-new-title = Назначить заседание
gov-meeting-schedule-button = Назначить заседание
gov-meeting-details-title = Изменить дату, место или повестку
gov-agenda-hint = Один пункт повестки на строку. Открытые меры с прошлых заседаний попадают в повестку сами.
gov-agenda-actions = Меры с прошлых заседаний
gov-carried-empty = Перенесённых с прошлых заседаний мер нет.
gov-carried-over = { $count ->
    [one] перенесена { $count } раз
    [few] перенесена { $count } раза
    [many] перенесена { $count } раз
   *[other] перенесена { $count } раза
}
gov-at-close = при закрытии
gov-escalated-here = передана вышестоящему органу на этом заседании
gov-escalated-to = передана в
gov-escalated-from = передана из
gov-escalated-nowhere = систематически не выполняется (у органа нет вышестоящего органа)
gov-action-record-button = Записать
gov-attendance-title = Присутствие
gov-attendance-save-button = Сохранить присутствие
gov-decisions-title = Решения
gov-decisions-empty = Решения не записаны.
gov-decision-add-button = Добавить решение
gov-new-actions-title = Новые меры
gov-new-actions-empty = Новых мер нет.
gov-action-add-title = Добавить меру
gov-action-add-button = Добавить меру
gov-minutes-title = Протокол
gov-minutes-empty = Протокола пока нет.
gov-minutes-save-button = Сохранить протокол
gov-close-hint = При закрытии заседания участники, которых никто не отметил, записываются как отсутствующие, фиксируется состояние каждой меры, а открытые меры переносятся (и передаются вышестоящему органу по достижении порога органа). После этого ничего в заседании не меняется.
gov-meeting-close-button = Закрыть заседание
gov-open-actions = Открытые меры
gov-open-actions-empty = Открытых мер нет.
field-held-on = Дата
field-location = Место
field-agenda = Повестка
field-presence = Присутствие
field-attendee = Кто пришёл
field-decision = Решение
field-text = Текст
gov-field-description = Мера
field-owner-agency-id = Ответственная организация
field-ecological-level = Экологический уровень
field-essential-action = Основное действие ПОУ
field-essential-actions = Основные действия ПОУ, которые она реализует
field-action-status = Статус
field-action-note = Почему (что изменилось, что сделано)
field-status = Статус
presence-present = Присутствует
presence-apologies = Отсутствует по уважительной причине
presence-absent = Отсутствует
action-status-not-done = Не выполнена
action-status-done = Выполнена
action-status-not-possible = Невозможна (обстоятельства изменились)
ecological-level-individual = Индивидуальный
ecological-level-relationship = Межличностный
ecological-level-community = Общинный
ecological-level-societal = Общественный
essential-action-law-and-policy = Законы и политика, предписывающие координацию
essential-action-resourcing-and-financing = Ресурсы и финансирование
essential-action-standards-for-local-coordination = Стандарты местного скоординированного реагирования
essential-action-inclusive-approaches = Инклюзивные подходы
essential-action-capacity-development = Развитие потенциала
essential-action-monitoring-and-evaluation = Мониторинг и оценка координации
essential-action-local-structure-and-governance = Официальная местная структура и её управление
essential-action-local-action-plan = Местный план действий
essential-action-shared-agreements-and-sops = Общие соглашения и стандартные операционные процедуры

gov-plan-title = План действий
gov-plan-actions = Меры
gov-plan-add-title = Добавить меру в план
gov-coverage-title = Что охватывает план
gov-coverage-hint = Меры по экологическим уровням и основным действиям ПОУ; меры, оказавшиеся невозможными, ничего не планируют.
gov-planned-actions = Меры
gov-nothing-planned = ничего не запланировано

gov-instruments-title = Документы
gov-instruments-empty = Документов пока нет.
gov-instrument-title = Документ
gov-instrument-new-title = Добавить документ
gov-instrument-create-button = Добавить документ
gov-instrument-edit-title = Изменить вид, название или основные действия
gov-kept-by = Ведёт
gov-version = версия
gov-version-new-button = Начать новую версию
gov-overdue-review = пересмотр просрочен
gov-review-soon = скоро пересмотр
gov-document = Файл документа
gov-no-document = не приложен
gov-document-restricted = проекты видят только секретариат и организации-участницы
gov-document-upload = Приложить файл
gov-document-hint = PDF, Word (DOCX), текст OpenDocument (ODT) или простой текст, не более 8 МБ.
gov-document-upload-button = Приложить
gov-signatories-title = Подписавшие стороны
gov-signatories-empty = Ещё не подписан.
gov-signatory-add-title = Добавить подписавшую сторону
gov-signatory-add-button = Добавить подписавшую сторону
gov-consultations-title = Консультации
gov-consultations-empty = Консультации не записаны.
gov-consultation-add-title = Записать консультацию
gov-consultation-add-button = Записать консультацию
gov-survivors-representative = представительницы пострадавших
gov-lifecycle-title = Даты и жизненный цикл
gov-field-event = Шаг жизненного цикла
gov-step-none = Сохранить только даты
gov-step-button = Сохранить
gov-step-start-consultation = Направить на консультации
gov-step-back-to-draft = Вернуть в проект
gov-step-bring-into-force = Ввести в действие
gov-step-open-review = Начать пересмотр
gov-step-confirm-after-review = Подтвердить после пересмотра (указать дату следующего пересмотра)
gov-step-retire = Отменить
gov-field-title = Название
field-kind = Вид
field-version-status = Статус
field-effective-on = Действует с
field-review-on = Дата пересмотра
field-summary = Краткое содержание
field-signed-by = Подписан
field-signed-on = Дата подписания
field-consultee = С кем проведены консультации
field-consulted-on = Дата консультации
field-signatories = Подписавшие стороны
field-document = Файл документа
field-version = Версия
instrument-kind-law = Закон
instrument-kind-policy = Политика
instrument-kind-national-action-plan = Национальный план действий
instrument-kind-local-action-plan = Местный план действий
instrument-kind-memorandum-of-understanding = Меморандум о взаимопонимании
instrument-kind-protocol = Протокол
instrument-kind-standard-operating-procedure = Стандартная операционная процедура
instrument-kind-information-sharing-protocol = Протокол обмена информацией
instrument-kind-terms-of-reference = Круг ведения
instrument-kind-referral-pathway = Схема перенаправления
version-status-draft = Проект
version-status-consultation = На консультациях
version-status-in-force = Действует
version-status-review-due = Требует пересмотра
version-status-revised = Пересмотрен
version-status-retired = Отменён

gov-scorecard-title = Показатели
gov-scorecard-hint = Присутствие учитывает заседания, закрытые за последние 12 месяцев (отсутствие по уважительной причине присутствием не считается). Выполнение — это выполненные меры к сумме выполненных и открытых мер с истёкшим сроком. Охват подписями — организации-участницы, подписавшие действующий документ органа, по секторам.
gov-attendance-rate = Доля присутствия
gov-completion-rate = Доля выполненных мер
gov-signatory-coverage = Охват подписями по секторам
gov-instruments-overdue = Документы с просроченным пересмотром
gov-latest-assessment = Последняя самооценка
gov-meetings-counted = { $count ->
    [one] { $count } заседание
    [few] { $count } заседания
    [many] { $count } заседаний
   *[other] { $count } заседания
}
gov-open-count = { $count ->
    [one] { $count } открыта
    [few] { $count } открыты
    [many] { $count } открыто
   *[other] { $count } открыто
}
gov-escalated-count = { $count ->
    [one] { $count } передана выше
    [few] { $count } переданы выше
    [many] { $count } передано выше
   *[other] { $count } передано выше
}
gov-in-force-count = { $count } действует
gov-member-agencies = Организации-участницы
gov-signing-agencies = Подписали

gov-assessments-title = Самооценка
gov-assessments-intro = Организации-участницы указывают, где орган находится в континууме сотрудничества (установление связей, взаимодействие, координация, сотрудничество, интеграция), и оценивают от 1 до 5 его климат, инфраструктуру, деятельность и результаты.
gov-rounds-empty = Раундов самооценки пока нет.
gov-trend-title = Динамика самооценки (средние по раундам)
gov-trend-description = Средний этап континуума (от 1 — установление связей до 5 — интеграция) и средние оценки от 1 до 5 по каждому раунду; таблица рядом содержит те же цифры.
gov-trend-caption = Таблица содержит те же цифры.
gov-round = Раунд
gov-respondents = Ответы
gov-stage = Этап континуума
gov-climate = Климат
gov-infrastructure = Инфраструктура
gov-activities = Деятельность
gov-outcomes = Результаты
gov-no-answers = ответов пока нет
gov-answer-title = Ответить от имени вашей организации
gov-answer-button = Сохранить ответ
gov-round-new-title = Открыть раунд
gov-round-open-button = Открыть раунд
field-opened-on = Дата открытия
field-stage = Этап континуума
field-climate = Климат
field-infrastructure = Инфраструктура
field-activities = Деятельность
field-outcomes = Результаты
continuum-stage-networking = Установление связей
continuum-stage-cooperation = Взаимодействие
continuum-stage-coordination = Координация
continuum-stage-collaboration = Сотрудничество
continuum-stage-integration = Интеграция

gov-matrix-title = Матрица управления ПОУ
gov-matrix-intro = Для территории: какие национальные и местные основные действия охвачены действующим документом (органов этой территории и вышестоящих территорий), у каких просрочен пересмотр и каких не хватает.
gov-matrix-show = Показать
gov-matrix-bodies = Учтённые органы
gov-matrix-state = Состояние
gov-scope = Уровень
gov-scope-national = Национальный
gov-scope-local = Местный
matrix-cell-covered = Охвачено
matrix-cell-overdue = Пересмотр просрочен
matrix-cell-missing = Отсутствует
gov-home-reviews = { $count ->
    [one] { $count } документ ваших органов требует пересмотра
    [few] { $count } документа ваших органов требуют пересмотра
    [many] { $count } документов ваших органов требуют пересмотра
   *[other] { $count } документа ваших органов требуют пересмотра
}
