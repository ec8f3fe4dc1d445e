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

SUPERVISE_COMMAND = "/supervise"
SUPERVISE_VIEW = "supervise_open"
VALUE = "value"  # the action_id of every input in the supervision modals
SESSION_NEXT = "session_next"
SESSION_BACK = "session_back"
SESSION_PAUSE = "session_pause"
SESSION_RESUME = "session_resume"
SESSION_SCALE = "session_scale"
SESSION_ADD_ACTION = "session_add_action"
SESSION_CLOSE = "session_close"
SESSION_ADD_DECISION = "session_add_decision"
SESSION_ACKNOWLEDGE = "session_acknowledge"
ACTION_VIEW = "session_action"
DECISION_VIEW = "session_decision"
SIGN_OFF_VIEW = "session_sign_off"
ACTION_DONE = "action_done"
EXPORT_PDF = "export_pdf"
EXPORT_MD = "export_md"

REMOVE_ASK = "remove_ask"  # the privacy note's "Remove this from the record", on an ask
REMOVE_ENTRY = "remove_entry"  # ...on a supervision entry
