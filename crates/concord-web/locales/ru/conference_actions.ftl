# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The SMART actions of risk conferences, and what a conference's protocol shares.
conference-shared-categories = Что передаётся по протоколу обмена информацией
conference-shared-categories-hint = Присутствующие организации видят эти части каждого включённого дела, и только их, до окончания периода доступа после заседания.
conference-actions = Меры
conference-actions-after-attendance = Меры согласуются на заседании: сначала отметьте присутствие.
conference-actions-for = Меры по
conference-actions-none = Пока не согласовано ни одной меры.
conference-action-description = Что нужно сделать
conference-action-owner = Ответственная организация
conference-action-note = Почему (что изменилось, если это невозможно)
conference-action-overdue = просрочена
conference-action-escalated = передана руководящему комитету
conference-action-carry-overs = Перенесена
conference-action-agree = Согласовать меру по
conference-action-agree-button = Согласовать меру
conference-action-record = Записать
conference-actions-outstanding = Невыполненные меры с прошлых заседаний
conference-actions-outstanding-intro = При закрытии этого заседания каждая ещё не выполненная мера переносится на следующее; после установленного конференцией числа переносов она передаётся руководящему комитету.
conference-actions-open = Открытые меры
conference-actions-none-open = Открытых мер нет.
conference-actions-of-my-agency = Меры конференций по оценке рисков, за которые отвечает ваша организация
conference-actions-of-my-agency-intro = Отметьте каждую как выполненную или как невозможную, указав, что изменилось. Ваша организация видит эти меры, но не остальную часть дела.
home-conference-actions = Меры конференций по оценке рисков, за которые отвечает ваша организация, ещё не выполненные: { $count }
home-conference-actions-overdue = { $count ->
    [one] { $count } просрочена
    [few] { $count } просрочены
    [many] { $count } просрочено
   *[other] { $count } просрочено
}
