# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = Статистика
statistics-title = Статистика
statistics-incidents-title = Статистика инцидентов (GBVIMS)
statistics-incidents-intro = Инциденты гендерного насилия по территориям и периодам, с разбивкой. Выберите территорию в таблице, чтобы увидеть входящие в неё территории.
statistics-show = Показать
statistics-period-hint = Месяц (2026-11), квартал (2026-Q4) или год (2026) по местному календарю.
statistics-drill-path = Территории от национального уровня вниз
statistics-and-areas-below = и входящие в неё территории
statistics-total = Все учтённые инциденты
statistics-at-this-level = Зарегистрированы на уровне самой этой территории, ни в одной из входящих в неё
statistics-month = Месяц
statistics-suppressed = скрыто
statistics-suppressed-note = Эти данные объединяют несколько организаций, поэтому малые значения (от 1 до { $threshold } минус один) показаны как «скрыто», как и другие значения, по которым можно было бы вычислить малое значение.
statistics-exact-note = Это точные данные вашей собственной организации. Они не предназначены для публикации: всё, что передаётся за пределы вашей организации, скрывается.
statistics-chart-caption = { $breakdown }: { $area }, { $period }.
statistics-chart-same-as-table = Таблица выше содержит те же данные.
statistics-trend-caption = Учтённые инциденты по месяцам
statistics-definition-title = Что учитывается
statistics-suppression-explained = Точные данные никогда не покидают организацию, которая хранит записи. Везде, где данные организаций объединяются или показываются аналитикам, секретариатам или координаторам, малые значения скрываются согласованно на всех уровнях и во всех разбивках за период, чтобы скрытое значение по району нельзя было вычислить по соседним районам, по его области или по другой разбивке.

field-agencies = Организации
field-period = Период
field-breakdown = Разбивка

statistics-agencies-all = Все организации вместе (малые значения скрыты)
statistics-agencies-own = Только моя организация (точные данные)

statistics-breakdown-gbv-type = Вид насилия
statistics-breakdown-age-group = Возрастная группа пострадавшей
statistics-breakdown-sex = Пол или гендер пострадавшей
statistics-breakdown-perpetrator-relationship = Кем пострадавшей приходится лицо, совершившее насилие
statistics-breakdown-reporting-delay = Время от инцидента до сообщения о нём
statistics-breakdown-context = Контекст (у инцидента их может быть несколько)

age-group-unknown = Возраст неизвестен

statistics-definition-numerator = Учитывается
statistics-definition-denominator = Из числа
statistics-definition-period = Период
statistics-definition-excluded = Не учитывается

statistics-indicator-gbv-incidents = Инциденты гендерного насилия
statistics-indicator-gbv-incidents-numerator = Инциденты одного из шести видов GBVIMS (изнасилование, сексуальное нападение, физическое нападение, принудительный брак, лишение ресурсов, психологическое насилие) на данной территории или на входящей в неё территории.
statistics-indicator-gbv-incidents-denominator = Это число, а не доля: категории разбивки в сумме дают итог, за исключением контекстов, поскольку к одному инциденту может относиться несколько из них.
statistics-indicator-gbv-incidents-period = Местная дата первого сообщения об инциденте приходится на период.
statistics-indicator-gbv-incidents-excluded = Инциденты, по которым пострадавшая не дала согласия на учёт в статистике; инциденты, о которых уже сообщено в другом месте (чтобы один инцидент не учитывался дважды разными организациями); инциденты, не являющиеся гендерным насилием.

statistics-indicator-repeat-victimisation = Повторная виктимизация
statistics-indicator-repeat-victimisation-numerator = Пострадавшие, у которых инцидент за период произошёл в течение 12 календарных месяцев после их предыдущего инцидента.
statistics-indicator-repeat-victimisation-denominator = Пострадавшие, у которых был инцидент за период.
statistics-indicator-repeat-victimisation-period = Местная дата инцидента приходится на период.
statistics-indicator-repeat-victimisation-excluded = Тот же день, что и предыдущий инцидент (один эпизод). Инциденты, которые не учитывает и статистика инцидентов (без согласия на статистику, уже зарегистрированные в другом месте, не являющиеся гендерным насилием).
