"""Every Slack name the app uses, in one place: commands, action and callback IDs."""

REFLECT_COMMAND = "/reflect"

SHARE_ANSWER = "share_answer"
FEEDBACK_HELPFUL = "feedback_helpful"
FEEDBACK_NOT_HELPFUL = "feedback_not_helpful"

FEEDBACK_REASON_VIEW = "feedback_reason"
FEEDBACK_REASON_BLOCK = "reason_block"
FEEDBACK_REASON_INPUT = "reason_input"

REINDEX_COMMAND = "/reindex"

ADD_UPLOAD = "add_upload"
UPLOAD_VIEW = "upload_metadata"
UPLOAD_FIELDS = ("title", "partnership", "year", "review_type", "source")
