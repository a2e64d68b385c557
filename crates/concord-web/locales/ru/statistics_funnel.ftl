# Статистика (issue 13): страница прохождения направлений.

statistics-indicators = Показатели
statistics-funnel-title = Прохождение направлений
statistics-funnel-intro = Направления, отправленные между ведомствами за период: как далеко они продвинулись и как быстро, по сектору принимающего ведомства и по срочности. Выберите территорию в таблице, чтобы увидеть входящие в неё территории.
statistics-funnel-steps-caption = Отправленные направления, дошедшие до каждого этапа
statistics-funnel-step = Этап
statistics-funnel-sent-at-this-level = Отправлено, учтено на уровне самой этой территории (без территории инцидента ниже)
statistics-funnel-chart-caption = Направления, дошедшие до каждого этапа: { $area }, { $period }.
statistics-funnel-chart-same-as-table = В таблицах те же цифры.
statistics-funnel-times-caption = Медианное время от отправки до каждого этапа
statistics-funnel-referrals = Направления
statistics-funnel-median = Медианное время
statistics-funnel-no-median = не показывается
statistics-funnel-minutes = { $minutes } мин
statistics-funnel-hours = { $hours } ч
statistics-funnel-days = { $days } дн.
statistics-funnel-count-and-median = { $count } (медиана { $median })
statistics-funnel-sectors-caption = По сектору принимающего ведомства (медианное время в скобках)
statistics-funnel-sector = Сектор получателя
statistics-funnel-urgency-caption = Ответы в целевой срок, по срочности
statistics-funnel-urgency = Срочность
statistics-funnel-with-target = Отправлено с целевым сроком
statistics-funnel-in-time = Ответ в срок
statistics-funnel-share = Доля ответов в срок
statistics-funnel-percent = { $percent } %
statistics-funnel-no-share = не показывается
statistics-funnel-without-target = Отправлено без целевого срока
statistics-funnel-exact-note = Это точные данные о направлениях, отправленных вашим ведомством. Они не предназначены для публикации: всё, что передаётся за пределы ведомства, скрывается.

statistics-indicator-referral-funnel = Прохождение направлений
statistics-indicator-referral-funnel-numerator = Направления, отправленные за период и дошедшие до каждого этапа: подтверждение получения, принятие, отказ, первый контакт, услуга оказана, закрытие с обратной связью, отзыв отправителем, истечение срока без ответа; а также получившие ответ (подтверждение, принятие или отказ) в целевой срок. Медианное время отсчитывается от отправки до первого достижения этапа.
statistics-indicator-referral-funnel-denominator = Направления, отправленные за период (для доли ответов в срок: отправленные с целевым сроком, по срочности).
statistics-indicator-referral-funnel-period = Момент отправки приходится на период (местные календарные дни). Территория направления — место первого инцидента по делу; дело без территории инцидента учитывается на верхнем уровне.
statistics-indicator-referral-funnel-excluded = Черновики, которые так и не были отправлены. Медиана показывается только рядом с показанным числом, а доля — только если показаны оба её числа.
