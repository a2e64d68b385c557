# Охранные ордера и их нарушения (issue 16 §2).

orders-title = Охранные ордера
orders-heading = Её охранные ордера и их нарушения
orders-none = Охранные ордера не зарегистрированы.
orders-not-served = ещё не вручён
orders-expired = Истёк
orders-expiring-soon = Истекает в течение 14 дней
orders-no-breaches = Нарушения не зарегистрированы.
orders-breaches = Нарушения
orders-record-breach = Зарегистрировать нарушение этого ордера
orders-record-breach-button = Зарегистрировать нарушение
orders-record = Зарегистрировать охранный ордер
orders-record-button = Зарегистрировать ордер
orders-conditions-hint = Что ордер запрещает или предписывает. Хранится в зашифрованном виде.

field-order-kind = Вид ордера
field-issued-by = Кем выдан (суд или орган)
field-conditions = Условия
field-breached-on = Дата нарушения
field-action-taken = Принятые меры
field-breaches-count = Нарушения охранных ордеров учитываются как инциденты для критерия возможной эскалации

breach-action-arrested = Обидчик задержан
breach-action-charged = Обидчику предъявлено обвинение
breach-action-warning-given = Вынесено предупреждение
breach-action-referred-to-prosecution = Передано в прокуратуру
breach-action-returned-to-court = Направлено в суд
breach-action-no-further-action = Без дальнейших действий

home-orders-expiring = Охранные ордера, срок которых скоро истекает
home-order-expiring = { $reference }: { $kind } истекает { $date } (осталось дней: { $days })
risk-breach-flag = Зарегистрировано нарушений её охранных ордеров: { $count }, последнее — { $date }.
conference-breaches-counted = в том числе нарушений охранного ордера: { $count }
field-kinds = Виды ордеров
