# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = Статистика
statistics-title = Статистика
statistics-incidents-title = Статистика случаев (GBVIMS)
statistics-incidents-intro = Случаи гендерного насилия по территориям и периодам, с разбивкой. Выберите территорию в таблице, чтобы увидеть входящие в неё территории.
statistics-show = Показать
statistics-period-hint = Месяц (2026-11), квартал (2026-Q4) или год (2026) по местному календарному времени.
statistics-drill-path = Территории от национального уровня вниз
statistics-and-areas-below = и входящие в неё территории
statistics-total = Все учтённые случаи
statistics-at-this-level = Зарегистрировано на самой этой территории, а не на входящих в неё
statistics-month = Месяц
statistics-suppressed = скрыто
statistics-suppressed-note = Эти показатели объединяют данные нескольких организаций, поэтому малые значения (от 1 до { $threshold } минус один) показаны как «скрыто», как и другие показатели, по которым малое значение можно было бы вычислить.
statistics-exact-note = Это точные показатели вашей собственной организации. Они не предназначены для публикации: всё, что передаётся за пределы вашей организации, скрывается.
statistics-chart-caption = { $breakdown }: { $area }, { $period }.
statistics-chart-same-as-table = Таблица выше содержит те же показатели.
statistics-trend-caption = Учтённые случаи по месяцам
statistics-definition-title = Что учитывается
statistics-suppression-explained = Точные показатели никогда не покидают организацию, которая хранит записи. Везде, где данные организаций объединяются или показываются аналитикам, секретариатам или координаторам, малые значения скрываются совместно на всех уровнях и во всех разбивках периода, так что скрытый показатель района нельзя вычислить ни по соседним районам, ни по его региону, ни по другой разбивке.

field-agencies = Организации
field-period = Период
field-breakdown = Разбивка

statistics-agencies-all = Все организации вместе (со скрытием)
statistics-agencies-own = Только моя организация (точно)

statistics-breakdown-gbv-type = Вид насилия
statistics-breakdown-age-group = Возрастная группа пострадавшей
statistics-breakdown-sex = Пол или гендер пострадавшей
statistics-breakdown-perpetrator-relationship = Отношение виновного к пострадавшей
statistics-breakdown-reporting-delay = Время от случая до обращения
statistics-breakdown-context = Контекст (у случая может быть несколько)

age-group-unknown = Возраст неизвестен

statistics-definition-numerator = Учитывается
statistics-definition-denominator = Из
statistics-definition-period = Период
statistics-definition-excluded = Не учитывается

statistics-indicator-gbv-incidents = Случаи гендерного насилия
statistics-indicator-gbv-incidents-numerator = Случаи одного из шести видов GBVIMS (изнасилование, сексуальное насилие, физическое насилие, принудительный брак, лишение ресурсов, психологическое насилие) на территории или входящей в неё территории.
statistics-indicator-gbv-incidents-denominator = Количество, а не доля: категории разбивки в сумме дают итог, кроме контекстов, несколько из которых могут относиться к одному случаю.
statistics-indicator-gbv-incidents-period = Местная дата первого сообщения о случае приходится на период.
statistics-indicator-gbv-incidents-excluded = Случаи без согласия пострадавшей на использование в статистике; случаи, о которых уже сообщено в другом месте (чтобы один случай не учитывался дважды разными организациями); случаи, не являющиеся гендерным насилием.

statistics-indicator-repeat-victimisation = Повторная виктимизация
statistics-indicator-repeat-victimisation-numerator = Пострадавшие, чей случай в периоде произошёл в течение 12 календарных месяцев после их более раннего случая.
statistics-indicator-repeat-victimisation-denominator = Пострадавшие со случаем в периоде.
statistics-indicator-repeat-victimisation-period = Местная дата случая приходится на период.
statistics-indicator-repeat-victimisation-excluded = Тот же день, что и более ранний случай (один эпизод).
