"""Special tokens of the juliatag vocabulary; the trainer takes the first ids in this order."""

END_OF_TEXT = "<|endoftext|>"
PAD = "<|pad|>"
FILE_SEP = "<|file_sep|>"
FIM_PREFIX = "<|fim_prefix|>"
FIM_MIDDLE = "<|fim_middle|>"
FIM_SUFFIX = "<|fim_suffix|>"

SPECIAL_TOKENS = (END_OF_TEXT, PAD, FILE_SEP, FIM_PREFIX, FIM_MIDDLE, FIM_SUFFIX)
