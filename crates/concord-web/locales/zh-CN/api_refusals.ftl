# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# API 对整个请求的拒绝（issue 19）。工程师起草，尚未经母语人士审阅。
api-refusal-method-not-allowed = 此路由不接受该方法；Allow 标头列出了它接受的方法。
api-refusal-too-large = 请求正文超过了此路由可接受的大小。
api-refusal-too-long = 地址长度超过了服务器可接受的范围。
api-refusal-unsupported-media-type = 正文必须是 JSON，并以 Content-Type: application/json 发送。
api-refusal-path-value = 无法从地址中读取
api-refusal-query-value = 不是此参数可接受的值
error-unavailable = 服务暂时无法连接其数据库。未做任何更改。请稍后重试。
