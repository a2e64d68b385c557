# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = 统计
statistics-title = 统计
statistics-incidents-title = 事件统计（GBVIMS）
statistics-incidents-intro = 按地区和时期统计的基于性别的暴力事件，并附分列。在表格中选择一个地区，即可查看其下级地区。
statistics-show = 显示
statistics-period-hint = 一个月（2026-11）、一个季度（2026-Q4）或一年（2026），按当地日历计算。
statistics-drill-path = 从国家层级向下的各级地区
statistics-and-areas-below = 及其下级地区
statistics-total = 所有计入的事件
statistics-at-this-level = 记录在该地区本级、不属于任何下级地区
statistics-month = 月份
statistics-suppressed = 已隐藏
statistics-suppressed-note = 这些数字合并了多个机构的数据，因此小数值（1 至 { $threshold } 减一）显示为“已隐藏”，可据以推算出小数值的其他数字也一并隐藏。
statistics-exact-note = 这些是贵机构自己的准确数字，不得公布：凡在贵机构以外共享的内容均作隐藏处理。
statistics-chart-caption = { $breakdown }：{ $area }，{ $period }。
statistics-chart-same-as-table = 上表列出了相同的数字。
statistics-trend-caption = 按月计入的事件
statistics-definition-title = 统计口径
statistics-suppression-explained = 准确数字从不离开持有记录的机构。凡合并多个机构的数据，或向分析员、秘书处或协调员显示数字时，都会在该时期的所有层级和所有分列维度中统一隐藏小数值，使被隐藏的区级数字无法从相邻地区、其所属上级地区或其他分列维度推算出来。

field-agencies = 机构
field-period = 时期
field-breakdown = 分列维度

statistics-agencies-all = 所有机构合并（已作隐藏处理）
statistics-agencies-own = 仅本机构（准确数字）

statistics-breakdown-gbv-type = 暴力类型
statistics-breakdown-age-group = 幸存者年龄组
statistics-breakdown-sex = 幸存者性别或社会性别
statistics-breakdown-perpetrator-relationship = 施暴者与幸存者的关系
statistics-breakdown-reporting-delay = 从事件发生到报告的时间
statistics-breakdown-context = 背景（一起事件可有多个背景）

age-group-unknown = 年龄不详

statistics-definition-numerator = 计入
statistics-definition-denominator = 分母
statistics-definition-period = 时期
statistics-definition-excluded = 不计入

statistics-indicator-gbv-incidents = 基于性别的暴力事件
statistics-indicator-gbv-incidents-numerator = 属于 GBVIMS 六种类型之一（强奸、性侵犯、身体攻击、强迫婚姻、剥夺资源、心理虐待），且发生在该地区或其下级地区的事件。
statistics-indicator-gbv-incidents-denominator = 这是计数而非比例：各分列类别相加等于总数，但背景除外，因为一起事件可能涉及多个背景。
statistics-indicator-gbv-incidents-period = 事件首次报告的当地日期在该时期内。
statistics-indicator-gbv-incidents-excluded = 幸存者未同意计入统计的事件；已在其他地方报告过的事件（以免同一事件在不同机构间被重复计算）；不属于基于性别的暴力的事件。

statistics-indicator-repeat-victimisation = 重复受害
statistics-indicator-repeat-victimisation-numerator = 在该时期内发生的事件距其本人此前一次事件不超过 12 个日历月的幸存者。
statistics-indicator-repeat-victimisation-denominator = 在该时期内有事件发生的幸存者。
statistics-indicator-repeat-victimisation-period = 事件的当地日期在该时期内。
statistics-indicator-repeat-victimisation-excluded = 与此前事件在同一天发生的（视为同一次经历）。事件统计同样不计入的事件（未同意用于统计、已在别处报告、不属于基于性别的暴力）。
