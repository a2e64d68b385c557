# 保护令及其违反情况（issue 16 §2）。

orders-title = 保护令
orders-heading = 她的保护令及其违反情况
orders-none = 尚未记录任何保护令。
orders-not-served = 尚未送达
orders-expired = 已失效
orders-expiring-soon = 14 天内失效
orders-no-breaches = 尚未记录违反情况。
orders-breaches = 违反情况
orders-record-breach = 记录对此保护令的违反
orders-record-breach-button = 记录违反
orders-record = 记录保护令
orders-record-button = 记录保护令
orders-conditions-hint = 保护令禁止或要求的事项。加密保存。

field-order-kind = 保护令类型
field-issued-by = 签发机关（法院或主管机关）
field-conditions = 条件
field-breached-on = 违反日期
field-action-taken = 采取的措施
field-breaches-count = 违反保护令在“可能升级”标准中计为事件

breach-action-arrested = 加害人被逮捕
breach-action-charged = 加害人被起诉
breach-action-warning-given = 已发出警告
breach-action-referred-to-prosecution = 移送检察机关
breach-action-returned-to-court = 提交法院
breach-action-no-further-action = 不再采取行动

home-orders-expiring = 即将失效的保护令
home-order-expiring = { $reference }：{ $kind } 于 { $date } 失效（剩余 { $days } 天）
risk-breach-flag = 已记录她的保护令被违反 { $count } 次，最近一次在 { $date }。
conference-breaches-counted = 其中包括 { $count } 次违反保护令
field-kinds = 保护令类型
