# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The justice chain of a case (issue 16).

category-justice = 司法（警察、检察、法院、社区矫正）
case-refusal-sector-does-not-record = 您所在部门的机构不记录此类司法环节：警察记录报案、立案、逮捕和保释；检察和警察记录起诉决定；检察记录提起公诉；法院和检察记录庭审、特别措施和裁决；法院、检察和社区矫正记录刑罚。

field-occurred-on = 发生日期
field-detail = 报案编号或保释条件
field-offences = 犯罪类别

justice-link = 司法进程
justice-title = 个案的司法进程
justice-chain = 她报案后发生的事情，按发生顺序排列
justice-no-steps = 尚无记录。
justice-recorded-by = 记录机构
justice-record = 记录一个环节
justice-record-hint = 每个环节都跟在其所需的环节之后：先报案，然后立案或逮捕；立案后作出起诉决定；提出指控后提起公诉；提起公诉后进行庭审、采取特别措施并作出裁决；作出有罪裁决后判处刑罚。
justice-outcome-hint = 适用于立案、起诉决定、庭审、特别措施、裁决或刑罚。其他环节请留空。
justice-reason-hint = 适用于不予追究的情形，或她撤回支持时。其他情况请留空。
justice-detail-hint = 向警方报案的报案编号，或保释条件。加密保存。其他环节请留空。
justice-none = 不适用于此环节
justice-record-button = 记录此环节

justice-detail-reported-to-police = 报案编号
justice-detail-released-on-bail = 保释条件

justice-kind-reported-to-police = 向警方报案
justice-kind-crime-recorded = 立案
justice-kind-arrest = 逮捕
justice-kind-released-on-bail = 嫌疑人获保释
justice-kind-charge-decision = 起诉决定
justice-kind-prosecution-started = 提起公诉
justice-kind-court-hearing = 庭审
justice-kind-special-measures = 出庭特别措施
justice-kind-verdict = 裁决
justice-kind-sentence = 刑罚
justice-kind-support-withdrawn = 她撤回了对诉讼的支持

justice-outcome-charged = 提出指控
justice-outcome-no-further-action = 不予追究
justice-outcome-out-of-court = 庭外处置
justice-outcome-adjourned = 延期审理
justice-outcome-pleaded-guilty = 认罪
justice-outcome-pleaded-not-guilty = 不认罪
justice-outcome-trial-held = 已开庭审判
justice-outcome-other = 其他
justice-outcome-screens = 遮挡屏
justice-outcome-live-link = 实时视频作证
justice-outcome-evidence-in-private = 不公开作证
justice-outcome-video-recorded-evidence = 录像证言
justice-outcome-intermediary = 沟通中间人
justice-outcome-guilty = 有罪
justice-outcome-not-guilty = 无罪
justice-outcome-custody = 监禁
justice-outcome-suspended-sentence = 缓刑
justice-outcome-community-order = 社区刑罚令
justice-outcome-fine = 罚金
justice-outcome-discharge = 免予刑事处罚

justice-reason-evidential-difficulties = 证据方面的困难
justice-reason-victim-does-not-support = 她不支持起诉
justice-reason-not-in-public-interest = 不符合公共利益
justice-reason-suspect-not-identified = 未查明嫌疑人
justice-reason-other = 其他
justice-reason-fear-of-reprisal = 害怕报复
justice-reason-pressure-from-perpetrator-or-family = 来自施暴者或家人的压力
justice-reason-reconciled = 已和解
justice-reason-lost-confidence-in-process = 对诉讼程序失去信心

# Protection orders (issue 16 part 2; domain rules only so far).
field-issued-on = 签发日期
field-served-on = 送达日期
field-expires-on = 到期日期
