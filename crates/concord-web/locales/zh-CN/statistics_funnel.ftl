# 统计（issue 13）：转介流程页面。

statistics-indicators = 指标
statistics-funnel-title = 转介流程
statistics-funnel-intro = 本期各机构之间发出的转介：进展到哪一步、用了多长时间，按接收机构的部门和紧急程度划分。在表格中选择一个地区，可查看其下属地区。
statistics-funnel-steps-caption = 已发出并到达各步骤的转介
statistics-funnel-step = 步骤
statistics-funnel-sent-at-this-level = 已发出，计入本地区本身（下级无事件地区）
statistics-funnel-chart-caption = 到达各步骤的转介：{ $area }，{ $period }。
statistics-funnel-chart-same-as-table = 表格给出相同的数字。
statistics-funnel-times-caption = 从发出到各步骤的中位时间
statistics-funnel-referrals = 转介
statistics-funnel-median = 中位时间
statistics-funnel-no-median = 不显示
statistics-funnel-minutes = { $minutes } 分钟
statistics-funnel-hours = { $hours } 小时
statistics-funnel-days = { $days } 天
statistics-funnel-count-and-median = { $count }（中位 { $median }）
statistics-funnel-sectors-caption = 按接收机构的部门（括号内为中位时间）
statistics-funnel-sector = 接收部门
statistics-funnel-urgency-caption = 按紧急程度，在目标时限内答复的转介
statistics-funnel-urgency = 紧急程度
statistics-funnel-with-target = 有目标时限的转介
statistics-funnel-in-time = 按时答复
statistics-funnel-share = 按时答复比例
statistics-funnel-percent = { $percent }%
statistics-funnel-no-share = 不显示
statistics-funnel-without-target = 无目标时限的转介
statistics-funnel-exact-note = 这些是贵机构发出的转介的确切数字，不得公开：凡是分享到贵机构以外的数字都会被隐藏。

statistics-indicator-referral-funnel = 转介流程
statistics-indicator-referral-funnel-numerator = 本期发出并到达各步骤的转介：已确认、已接受、已拒绝、首次联系、已提供服务、附反馈结案、发送方撤回、无答复过期；以及在目标时限内得到答复（确认、接受或拒绝）的转介。中位时间从发出算起，到首次到达该步骤为止。
statistics-indicator-referral-funnel-denominator = 本期发出的转介（按时答复比例的分母：按紧急程度，有目标时限的转介）。
statistics-indicator-referral-funnel-period = 发出时刻落在本期内（当地日历日）。转介的地区是个案首个事件发生的地区；没有事件地区的个案计入最上级。
statistics-indicator-referral-funnel-excluded = 从未发出的草稿。只有在数字显示时才显示中位时间，只有两个数字都显示时才显示比例。
