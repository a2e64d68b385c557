# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# رفض واجهة البرمجة لطلب كامل (issue 19). مسودة من مهندس، لم يراجعها بعد متحدث أصلي.
api-refusal-method-not-allowed = هذا المسار لا يقبل هذه الطريقة؛ يذكر الترويسة Allow الطرق التي يقبلها.
api-refusal-too-large = نص الطلب أكبر مما يقبله هذا المسار.
api-refusal-too-long = العنوان أطول مما يقبله الخادم.
api-refusal-unsupported-media-type = يجب أن يكون النص بصيغة JSON، مرسلاً مع Content-Type: application/json.
api-refusal-path-value = لا يمكن قراءته من العنوان
api-refusal-query-value = ليس قيمة يقبلها هذا المعامل
error-unavailable = لا تستطيع الخدمة الوصول إلى قاعدة بياناتها الآن. لم يتغير شيء. حاول مرة أخرى بعد قليل.
