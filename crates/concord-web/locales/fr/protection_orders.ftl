# Ordonnances de protection et leurs violations (issue 16 §2).

orders-title = Ordonnances de protection
orders-heading = Ses ordonnances de protection et leurs violations
orders-none = Aucune ordonnance de protection enregistrée.
orders-not-served = pas encore signifiée
orders-expired = Expirée
orders-expiring-soon = Expire dans les 14 jours
orders-no-breaches = Aucune violation enregistrée.
orders-breaches = Violations
orders-record-breach = Enregistrer une violation de cette ordonnance
orders-record-breach-button = Enregistrer la violation
orders-record = Enregistrer une ordonnance de protection
orders-record-button = Enregistrer l’ordonnance
orders-conditions-hint = Ce que l’ordonnance interdit ou impose. Conservé chiffré.

field-order-kind = Type d’ordonnance
field-issued-by = Délivrée par (tribunal ou autorité)
field-conditions = Conditions
field-breached-on = Date de la violation
field-action-taken = Mesure prise
field-breaches-count = Les violations d’ordonnances de protection comptent comme des incidents pour le critère d’escalade potentielle

breach-action-arrested = Auteur arrêté
breach-action-charged = Auteur inculpé
breach-action-warning-given = Avertissement donné
breach-action-referred-to-prosecution = Transmis au parquet
breach-action-returned-to-court = Renvoyé devant le tribunal
breach-action-no-further-action = Sans suite

home-orders-expiring = Ordonnances de protection sur le point d’expirer
home-order-expiring = { $reference } : { $kind } expire le { $date } ({ $days } jours restants)
risk-breach-flag = { $count } violation(s) de ses ordonnances de protection enregistrée(s), la dernière le { $date }.
conference-breaches-counted = dont { $count } violation(s) d’une ordonnance de protection
field-kinds = Types d'ordonnance
