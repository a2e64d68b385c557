# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The justice chain of a case (issue 16).

category-justice = Правосудие (полиция, прокуратура, суды, служба пробации)
case-refusal-sector-does-not-record = Организации вашего сектора не записывают этот вид этапов правосудия: полиция записывает заявления, преступления, задержания и освобождение под залог; прокуратура и полиция — решение о предъявлении обвинения; прокуратура — уголовное преследование; суды и прокуратура — судебные заседания, особые меры защиты и решения о виновности; суды, прокуратура и служба пробации — наказание.

field-occurred-on = Дата события
field-detail = Номер заявления о преступлении или условия освобождения под залог
field-offences = Категории преступлений

justice-link = Путь в системе правосудия
justice-title = Путь дела в системе правосудия
justice-chain = Что произошло после её заявления, в том порядке, в каком это происходило
justice-no-steps = Пока ничего не записано.
justice-recorded-by = Кем записано
justice-record = Записать этап
justice-record-hint = Каждый этап следует за тем, который ему необходим: заявление, затем регистрация преступления или задержание; решение о предъявлении обвинения — после регистрации преступления; уголовное преследование — после предъявления обвинения; судебные заседания, особые меры защиты и решение о виновности — после начала уголовного преследования; наказание — после обвинительного приговора.
justice-outcome-hint = Для регистрации преступления, решения о предъявлении обвинения, судебного заседания, особых мер защиты, решения о виновности или наказания. Для других этапов оставьте пустым.
justice-reason-hint = При прекращении дела или когда она перестаёт поддерживать уголовное преследование. В остальных случаях оставьте пустым.
justice-detail-hint = Регистрационный номер заявления в полицию или условия освобождения под залог. Хранится в зашифрованном виде. Для других этапов оставьте пустым.
justice-none = Не относится к этому этапу
justice-record-button = Записать этап

justice-detail-reported-to-police = Номер заявления о преступлении
justice-detail-released-on-bail = Условия освобождения под залог

justice-kind-reported-to-police = Заявление в полицию
justice-kind-crime-recorded = Регистрация преступления
justice-kind-arrest = Задержание
justice-kind-released-on-bail = Освобождение подозреваемого под залог
justice-kind-charge-decision = Решение о предъявлении обвинения
justice-kind-prosecution-started = Начало уголовного преследования
justice-kind-court-hearing = Судебное заседание
justice-kind-special-measures = Особые меры защиты в суде
justice-kind-verdict = Решение о виновности
justice-kind-sentence = Наказание
justice-kind-support-withdrawn = Она перестала поддерживать уголовное преследование

justice-outcome-charged = Обвинение предъявлено
justice-outcome-no-further-action = Прекращение дела без дальнейших действий
justice-outcome-out-of-court = Внесудебная мера (предостережение и др.)
justice-outcome-adjourned = Заседание отложено
justice-outcome-pleaded-guilty = Признание вины
justice-outcome-pleaded-not-guilty = Непризнание вины
justice-outcome-trial-held = Судебное разбирательство проведено
justice-outcome-other = Другое
justice-outcome-screens = Защитная ширма
justice-outcome-live-link = Показания по видеосвязи
justice-outcome-evidence-in-private = Показания в закрытом заседании
justice-outcome-video-recorded-evidence = Показания, записанные на видео
justice-outcome-intermediary = Посредник для общения при даче показаний
justice-outcome-guilty = Обвинительный приговор
justice-outcome-not-guilty = Оправдательный приговор
justice-outcome-custody = Лишение свободы
justice-outcome-suspended-sentence = Условное осуждение
justice-outcome-community-order = Общественные работы или иное наказание без изоляции от общества
justice-outcome-fine = Штраф
justice-outcome-discharge = Освобождение от наказания

justice-reason-evidential-difficulties = Трудности с доказательствами
justice-reason-victim-does-not-support = Она не поддержала уголовное преследование
justice-reason-not-in-public-interest = Не отвечает публичным интересам
justice-reason-suspect-not-identified = Подозреваемый не установлен
justice-reason-other = Другое
justice-reason-fear-of-reprisal = Страх мести
justice-reason-pressure-from-perpetrator-or-family = Давление со стороны лица, совершившего насилие, или семьи
justice-reason-reconciled = Примирение
justice-reason-lost-confidence-in-process = Утрата доверия к процессу

# Protection orders (issue 16 part 2; domain rules only so far).
field-issued-on = Дата вынесения
field-served-on = Дата вручения
field-expires-on = Дата окончания срока действия
