# Protection orders and their breaches (issue 16 §2).

orders-title = Protection orders
orders-heading = Her protection orders and their breaches
orders-none = No protection order recorded.
orders-not-served = not served yet
orders-expired = Expired
orders-expiring-soon = Expires within 14 days
orders-no-breaches = No breach recorded.
orders-breaches = Breaches
orders-record-breach = Record a breach of this order
orders-record-breach-button = Record the breach
orders-record = Record a protection order
orders-record-button = Record the order
orders-conditions-hint = What the order forbids or requires. Kept encrypted.

field-order-kind = Kind of order
field-issued-by = Issued by (court or authority)
field-conditions = Conditions
field-breached-on = Date of the breach
field-action-taken = Action taken
field-breaches-count = Breaches of protection orders count as incidents toward potential escalation

breach-action-arrested = Perpetrator arrested
breach-action-charged = Perpetrator charged
breach-action-warning-given = Warning given
breach-action-referred-to-prosecution = Referred to prosecution
breach-action-returned-to-court = Returned to court
breach-action-no-further-action = No further action

home-orders-expiring = Protection orders about to expire
home-order-expiring = { $reference }: { $kind } expires on { $date } ({ $days } days left)
risk-breach-flag = { $count } breach(es) of her protection orders recorded, the latest on { $date }.
conference-breaches-counted = including { $count } breach(es) of a protection order
field-kinds = Kinds of order
