# Órdenes de protección y sus incumplimientos (issue 16 §2).

orders-title = Órdenes de protección
orders-heading = Sus órdenes de protección y sus incumplimientos
orders-none = No hay ninguna orden de protección registrada.
orders-not-served = aún no notificada
orders-expired = Vencida
orders-expiring-soon = Vence en los próximos 14 días
orders-no-breaches = No hay incumplimientos registrados.
orders-breaches = Incumplimientos
orders-record-breach = Registrar un incumplimiento de esta orden
orders-record-breach-button = Registrar el incumplimiento
orders-record = Registrar una orden de protección
orders-record-button = Registrar la orden
orders-conditions-hint = Lo que la orden prohíbe o exige. Se guarda cifrado.

field-order-kind = Tipo de orden
field-issued-by = Dictada por (juzgado o autoridad)
field-conditions = Condiciones
field-breached-on = Fecha del incumplimiento
field-action-taken = Medida adoptada
field-breaches-count = Los incumplimientos de órdenes de protección cuentan como incidentes para el criterio de posible escalada

breach-action-arrested = Agresor detenido
breach-action-charged = Agresor imputado
breach-action-warning-given = Advertencia dada
breach-action-referred-to-prosecution = Remitido a la fiscalía
breach-action-returned-to-court = Devuelto al juzgado
breach-action-no-further-action = Sin más actuaciones

home-orders-expiring = Órdenes de protección a punto de vencer
home-order-expiring = { $reference }: { $kind } vence el { $date } (quedan { $days } días)
risk-breach-flag = { $count } incumplimiento(s) de sus órdenes de protección registrado(s); el último el { $date }.
conference-breaches-counted = incluidos { $count } incumplimiento(s) de una orden de protección
field-kinds = Tipos de orden
