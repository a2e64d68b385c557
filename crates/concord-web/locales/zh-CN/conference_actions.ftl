# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The SMART actions of risk conferences, and what a conference's protocol shares.
conference-shared-categories = 信息共享协议所共享的内容
conference-shared-categories-hint = 出席机构可以看到每个列入个案的这些部分，且仅限这些部分，直至会议后的查阅期结束。
conference-actions = 行动
conference-actions-after-attendance = 行动在会议上商定：请先记录出席情况。
conference-actions-for = 针对以下个案的行动
conference-actions-none = 尚未商定任何行动。
conference-action-description = 需要做什么
conference-action-owner = 负责机构
conference-action-note = 原因（如无法完成，有何变化）
conference-action-overdue = 已逾期
conference-action-escalated = 已上报指导小组
conference-action-carry-overs = 已顺延
conference-action-agree = 为以下个案商定行动
conference-action-agree-button = 商定行动
conference-action-record = 记录
conference-actions-outstanding = 以往会议的未完成行动
conference-actions-outstanding-intro = 结束本次会议时，所有尚未完成的行动将顺延至下次会议；超过会议规定的顺延次数后，将上报指导小组。
conference-actions-open = 未结行动
conference-actions-none-open = 没有未结行动。
conference-actions-of-my-agency = 由贵机构负责的风险评估会议行动
conference-actions-of-my-agency-intro = 将每项行动记录为已完成，或在说明变化后记录为无法完成。贵机构可以看到这些行动，但看不到个案的其余内容。
home-conference-actions = 由贵机构负责且尚未完成的风险评估会议行动：{ $count }
home-conference-actions-overdue = { $count } 项已逾期
