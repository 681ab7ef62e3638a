"""The phrase table: regular expressions for the shapes of everyday requests.

Matching is case-insensitive; ``parse`` tries them in order, the most
specific first, on text that ``text.clean`` has already freed of greetings,
politeness and typos in the verb. Dates and priorities are found apart
(``dates``, ``priorities``), so no pattern here spells them out. Adding a
phrasing means an alternative here and a row in the phrasing corpus.
"""

import re

NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
    )
}
ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
    "sixth": 5,
    "6th": 5,
    "seventh": 6,
    "7th": 6,
    "eighth": 7,
    "8th": 7,
    "ninth": 8,
    "9th": 8,
    "tenth": 9,
    "10th": 9,
    "last": -1,
}
PRIORITY_WORDS = {
    "high": "high",
    "urgent": "high",
    "important": "high",
    "top": "high",
    "medium": "medium",
    "normal": "medium",
    "low": "low",
}
_PRIO = r"(?P<prio>high|medium|normal|low|urgent|important|top)"
_DONE = r"(?:done|complete|completed|finished|closed|resolved|checked(?: off)?|ticked(?: off)?|taken care of)"
_UNDONE = r"(?:not done|not complete|not completed|not finished|incomplete|undone|unfinished|pending|open|to ?do)"
_LIST_NOUN = (
    r"(?:(?:task|todo|to-do|to do|reminder)\s*)?(?:list|tasks|todos|to-dos|reminders|items|calendar|agenda|schedule)"
)
ON_MY_LIST = rf"\s+(?:to|on|onto|in|into|from|off|off of|out of)\s+(?:my|the)\s+(?:[\w-]+\s+)?{_LIST_NOUN}$"

GREETING_ONLY = re.compile(
    r"^(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))"
    r"(?: there| assistant| bot)?$",
    re.I,
)
UNDO = re.compile(
    r"^(?:(?:oops|oh no|whoops|wait|no|argh|ugh|damn)[,!.]*\s+)*(?:undo|revert|reverse|take back|roll back)"
    r"(?:\s+(?:that|it|this|the last (?:change|one|thing)|what you (?:just )?did|your last change))?"
    r"(?:\s+(?:please|now))?$|^(?:(?:oops|whoops|oh no|argh|wait)[,!.]*\s+)*(?:bring (?:it|that|them) back"
    r"|put (?:it|that|them) back|take (?:that|it) back|i didn'?t mean (?:that|to do that)|that was a mistake"
    r"|restore (?:it|that|them|those|what you (?:just )?(?:deleted|removed|did))|undo (?:that|it|this)"
    r"|scratch that|cancel that|reverse that|go back)$",
    re.I,
)
CONFIRM = re.compile(
    r"^(?:yes|yeah|yep|yup|ya|y|sure|ok(?:ay)?|go ahead|do it|go for it|confirm(?:ed)?|please do|absolutely"
    r"|of course|correct|right|affirmative|sounds good|yes,? (?:please|do it|go ahead|all of them))"
    r"(?:[,!. ]+(?:please|thanks|do it))?$",
    re.I,
)
CANCEL = re.compile(
    r"^(?:no|nope|nah|n|cancel|stop|don'?t|do not|never ?mind|forget it|no thanks|no,? (?:thanks|don'?t|cancel)"
    r"|leave (?:it|them)|abort|not now)$",
    re.I,
)
WHAT_CHANGED = re.compile(
    r"^(?:what|which tasks?) (?:did|have) you (?:just )?(?:change|changed|do|done|touch|touched)"
    r"(?: (?:so far|here|in this conversation|today))?$",
    re.I,
)
HELP = re.compile(
    r"^(?:help(?: me)?|\?+|what can you do|what do you do|how does this work|how do i use (?:this|you)"
    r"|what can i (?:say|ask|do)|commands|usage|menu|options)$",
    re.I,
)
THANKS = re.compile(
    r"^(?:thanks|thank you|thank u|thx|ty|cheers|great|awesome|perfect|cool|nice|got it"
    r"|good|brilliant|sweet|lovely|excellent)(?: (?:so much|a lot|very much|again))?$",
    re.I,
)
# "task 12" or "#12" names a task by its number; "number 3" alone may also mean the third one shown.
CHOOSE_NUMBER = re.compile(
    r"^(?:(?:i meant?|i mean|it'?s|use|pick|choose|go with)\s+)?(?:the\s+)?(?:(?P<by_position>number|no\.?)\s*"
    r"|(?:task\s*|#|id\s*)+)?#?(?P<n>[1-9]\d{0,8})(?:\s+please)?$",
    re.I,
)
CHOOSE_ORDINAL = re.compile(
    rf"^(?:(?:i meant?|i mean|it'?s|use|pick|choose|go with)\s+)?(?:the\s+)?"
    rf"(?P<ord>{'|'.join(ORDINALS)})(?:\s+(?:one|task))?(?:\s+please)?$",
    re.I,
)

COUNT = re.compile(r"^(?:how many|number of|count)(?:\s+(?:tasks?|things|items|todos|to-?dos))?\b", re.I)
NEXT = re.compile(
    r"^(?:what'?s|whats|what is|what should i (?:do|work on|tackle)|what do i do|what to do|what'?s my)"
    r"\s+(?:next|now|first|most urgent|top priority)(?:\s+(?:task|thing|on my list))?$"
    r"|^(?:next|what next|what now|where (?:do|should) i start)$",
    re.I,
)
STATUS_QUESTION = re.compile(
    r"^(?:is|are|was|were|did i|have i|has|do i still|is there)\s+(?:the\s+|my\s+)?(?P<subject>.+?)\s+"
    r"(?:done|finished|complete|completed|due|overdue|still (?:pending|open|to do)|on my list|finished yet|done yet)"
    r"(?:\s+yet)?$|^(?:did i|have i)\s+(?:already\s+)?(?:finish|finished|complete|completed|do|done)\s+"
    r"(?:the\s+|my\s+)?(?P<subject2>.+)$",
    re.I,
)
QUESTION_PRIORITY = re.compile(
    r"\b(?P<prio>high|top|low|medium|urgent|important)(?:[- ]priority)?(?=\s+(?:tasks?|ones|things|items|todos|stuff)"
    r"|\s*$)|\b(?P<prio2>high|low|medium)[- ]priority\b",
    re.I,
)
REMEMBER = re.compile(
    r"^(?:(?:please |can you |could you )?remind me (?:to|that|about)|(?:please )?remember (?:to|that)"
    r"|don'?t let me forget (?:to|about)|(?:please )?don'?t (?:let me )?forget (?:to|about)"
    r"|i (?:need|have|want|must|should|got|gotta|'ve got)(?: to)? (?:remember|not forget) (?:to|that|about)"
    r"|i must not forget (?:to|about)|note to self|make a note (?:to|that|about|of)"
    r"|(?:set|add|create|make|put in|give me) (?:a |an |me a )?reminder (?:to|about|for|that)"
    r"|(?:put|stick|pop) (?:down|in)|jot down|write down|note down|don'?t forget)\s*[:,-]?\s+(?P<title>.+)$",
    re.I,
)
LABELLED = re.compile(r"^(?:note to self|note|to-?do|task|new task|reminder)\s*[:\u2013-]\s*(?P<title>.+)$", re.I)
NO_LONGER = re.compile(
    r"^i (?:don'?t|do not|no longer|won'?t|will not) (?:need|have|want) to (?P<target>.+?)"
    r"(?:\s+any ?more)?$",
    re.I,
)
NEVER_MIND = re.compile(r"^never ?mind(?: about)?\s+(?P<target>.+)$", re.I)
POLITE = re.compile(
    r"^(?:(?:please|pls|plz|kindly|hey|ok|okay|so|now|also|and|then|oh|um|assistant)[,!]?\s+"
    r"|(?:can|could|would|will) (?:you|u)(?: please)?\s+|(?:i'?d|i would) like (?:you )?to\s+"
    r"|i want you to\s+|let'?s\s+|go ahead and\s+|help me(?: to)?\s+|i'?d love to\s+)",
    re.I,
)
WISH = re.compile(
    r"^(?:i (?:need|have|want|must|should|gotta|got to|'ve got to|have got to|ought to|wanna)"
    r"|i'?ve got to|i'?ll need to|need to|have to|gotta|must|should)(?: to)?\s+(?P<rest>.+)$",
    re.I,
)
TRAILING = re.compile(r"(?:[,\s]+(?:please|pls|thanks|thank you|thx|for me|asap|if you can|if possible))+$", re.I)

LIST_START = re.compile(
    r"^(?:show|list|display|view|see|give|tell|read|print|pull up|bring up|what|what'?s"
    r"|whats|what is|what are|what'?re|which|how many|do i have|have i|did i|is there|are there"
    r"|anything|any|how (?:am i|are we) doing|where am i)\b",
    re.I,
)
LIST_WORDS = re.compile(
    r"\b(?:tasks?|to-?dos?|to do|list|items?|reminders?|plate|agenda|left|pending|remaining"
    r"|outstanding|open|unfinished|incomplete|completed?|done|finished|finish|accomplished"
    r"|next|everything|all)\b",
    re.I,
)
LIST_BARE = re.compile(
    r"^(?:(?:my|all|all my|the)\s+)?(?:tasks|todos|to-?do list|todo list|to do list|list|pending"
    r"|pending tasks|completed|completed tasks|done|finished|open tasks|everything)$",
    re.I,
)
SHOW_VERB_ONLY = re.compile(r"^(?:show|list|display|view)(?: me)?(?: (?:all|everything|them|it all))?$", re.I)
FIND = re.compile(
    r"^(?:find|search(?: for)?|look for|look up|any tasks?|show(?: me)? tasks?|list tasks?)\s+"
    r"(?:(?:my|the|all)\s+)?(?:tasks?\s+)?(?:(?:about|with|containing|matching|mentioning|for|called"
    r"|named|related to|that (?:mention|contain|include)s?|(?:with )?the word)\s+)?(?P<search>.+)$",
    re.I,
)
SEARCH_IN_LIST = re.compile(
    r"\b(?:tasks?|to-?dos?|anything)\s+(?:about|with|containing|matching|mentioning|related to"
    r"|that (?:mention|contain|include)s?)\s+(?P<search>.+)$",
    re.I,
)
COMPLETED_WORDS = re.compile(
    r"\b(?:completed?|done|finished|finish|accomplished|did i|ticked off|checked off"
    r"|closed)\b",
    re.I,
)
NOT_DONE_WORDS = re.compile(r"\b(?:not (?:yet )?(?:done|completed?|finished)|unfinished|incomplete|undone)\b", re.I)
PENDING_WORDS = re.compile(
    r"\b(?:pending|left|remaining|open|outstanding|to ?do|still|next|due|need to do"
    r"|have to do|got to do|on my plate|on my agenda)\b",
    re.I,
)

DUE_CHANGE = [
    re.compile(
        r"^(?:move|reschedule|postpone|push|shift|bump|defer|delay|put off|push back|put back)\s+(?P<target>.+?)\s+"
        r"(?:back\s+|out\s+|off\s+)?(?P<when>(?:to|till|until|for|by|on)\s+.+|in\s+.+|(?:next|this)\s+.+)$",
        re.I,
    ),
    re.compile(
        r"^(?:set|change|update|make|put)\s+(?:the\s+)?(?:due date|deadline|date)\s+(?:of|for|on)\s+(?P<target>.+?)"
        r"\s+(?:to|for|as|on)\s+(?P<when>.+)$",
        re.I,
    ),
    re.compile(r"^(?:make|set)\s+(?P<target>.+?)\s+due\s+(?P<when>.+)$", re.I),
    re.compile(
        r"^(?:set|change|update)\s+(?P<target>.+?)(?:'s)?\s+(?:due date|deadline)\s+(?:to|for|as)\s+(?P<when>.+)$",
        re.I,
    ),
]
DUE_IS = re.compile(
    r"^(?P<target>.+?)\s+(?:is|are|'s|should be|needs to be|has to be)\s+(?:now\s+|actually\s+)?due\s+(?P<when>.+)$",
    re.I,
)
DUE_CLEAR = re.compile(
    r"^(?:no|remove the|clear the|drop the|delete the|take off the|remove|clear)\s+(?:due\s+)?(?:date|deadline)s?\s+"
    r"(?:for|on|from|of)\s+(?P<target>.+)$|^(?P<target2>.+?)\s+(?:has|needs|should have)\s+no\s+(?:due\s+)?date$",
    re.I,
)
PRIORITY_IS = re.compile(
    rf"^(?P<target>.+?)\s+(?:is|are|'s)\s+(?:now\s+|actually\s+|really\s+)?(?:an?\s+)?{_PRIO}(?:[- ]priority)?$",
    re.I,
)
PRIORITY_CHANGE = [
    re.compile(
        r"^(?:raise|increase|bump up|up)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(?P<target>.+?)(?P<prio>)$",
        re.I,
    ),
    re.compile(
        rf"^(?:set|make|mark|change|update|put|flag|bump|move|switch)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+"
        rf"(?P<target>.+?)\s+(?:to|as|at)\s+{_PRIO}(?:[- ]priority)?$",
        re.I,
    ),
    re.compile(
        rf"^(?:set|make|mark|change|update|put|flag|bump|move|switch)\s+(?P<target>.+?)(?:'s)?\s+"
        rf"(?:priority\s+)?(?:to|as|at|up to|down to|into)?\s*(?:an?\s+)?{_PRIO}(?:[- ]priority)?$",
        re.I,
    ),
    re.compile(rf"^(?:prioriti[sz]e)\s+(?P<target>.+?)(?:\s+as\s+{_PRIO})?$", re.I),
]
DEPRIORITIZE = re.compile(
    r"^(?:deprioriti[sz]e|de-prioriti[sz]e)\s+(?P<target>.+)$"
    r"|^(?:lower|reduce|decrease|drop)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(?P<target2>.+)$",
    re.I,
)
REOPEN = [
    re.compile(
        rf"^(?:mark|set|flag|change|move|put)\s+(?P<target>.+?)\s+(?:as\s+|to\s+|back to\s+|back as\s+)?"
        rf"{_UNDONE}(?:\s+again)?$",
        re.I,
    ),
    re.compile(
        r"^(?:reopen|re-open|uncomplete|un-complete|unmark|uncheck|untick|restore|undo)\s+(?P<target>.+)$", re.I
    ),
    re.compile(
        r"^(?P<target>.+?)\s+(?:isn'?t|is not|wasn'?t|was not|is actually not|isn'?t actually)\s+"
        r"(?:done|finished|complete)(?:\s+yet|\s+after all)?$",
        re.I,
    ),
]
COMPLETE = [
    re.compile(
        rf"^(?:mark|set|flag|check|tick|cross|move|put)(?: off)?\s+(?P<target>.+?)\s+(?:as\s+|to\s+)?{_DONE}$", re.I
    ),
    re.compile(r"^(?:check|tick|cross)\s+off\s+(?P<target>.+)$", re.I),
    re.compile(
        r"^(?:complete|finish|close|resolve|(?:i'?m |i am |we'?re )?(?:done|finished) with"
        r"|i(?:'ve| have)?\s+(?:just\s+|already\s+|finally\s+)?(?:completed|finished|done|did|closed)"
        r"|(?:just\s+)?(?:finished|completed|did|done))(?:\s*:\s*|\s+)(?P<target>.+)$",
        re.I,
    ),
    re.compile(
        rf"^(?P<target>.+?)\s+(?:is|are|was|were|has been|have been|'s)\s+(?:now\s+|all\s+|finally\s+)?{_DONE}$", re.I
    ),
    re.compile(rf"^(?P<target>(?:task\s*)?#?\d+)\s+{_DONE}$", re.I),
]
# "I paid the bills" completes "Pay bills": the object names the task, the verb says it is done.
PAST_DONE = re.compile(
    r"^(?:i|we)(?:'ve| have)?\s+(?:already\s+|just\s+|finally\s+)?(?:bought|paid|called|phoned|rang|sent|cleaned"
    r"|fixed|repaired|picked up|emailed|booked|washed|wrote|walked|fed|watered|submitted|returned|renewed|filed"
    r"|mailed|posted|cooked|took out|cancelled|canceled|scheduled|ordered|prepared|packed|tidied|vacuumed)\s+"
    r"(?P<target>.+)$",
    re.I,
)
# "laundry done": tried only after "I need to get the report done" has been read as an add.
DONE_SUFFIX = re.compile(r"^(?P<target>(?:\S+\s+){0,5}?\S+)\s+(?:done|finished|completed)$", re.I)
DELETE = re.compile(
    rf"^(?:delete|remove|cancel|drop|erase|trash|scrap|discard|get rid of|forget(?: about)?|ditch|throw (?:away|out)"
    rf"|take|cross out|strike|wipe|clear(?: out)?|bin|lose|nuke|purge)\s+(?P<target>.+?)(?:{ON_MY_LIST})?$",
    re.I,
)
# "the gym one can go", "the report isn't needed any more": a task named, then that it is not wanted.
DELETE_AFTER = re.compile(
    r"^(?P<target>.+?)\s+(?:can go|can be (?:deleted|removed|binned|dropped|scrapped)|is(?: no longer|n'?t|"
    r" not) (?:needed|necessary|happening)(?: any ?more)?|(?:is|was|are|were) cancell?ed|isn'?t happening"
    r"|won'?t happen|(?:is|are) off)$",
    re.I,
)
# "no hurry on the report", "the report can wait": a lower priority, not a new task.
NO_HURRY = re.compile(
    r"^(?:no (?:hurry|rush)|there'?s no (?:hurry|rush))\s+(?:on|for|with)\s+(?P<target>.+)$"
    r"|^(?P<target2>.+?)\s+(?:can wait|is(?:n'?t| not) urgent(?: any ?more)?|is not a priority|isn'?t a priority)$",
    re.I,
)
RENAME = [
    re.compile(
        r"^(?:change|rename|update|edit|modify|retitle|reword|call|set|correct|fix)\s+(?:the\s+)?"
        r"(?:(?:title|name|text|wording)\s+(?:of|for|on)\s+)?(?P<q>['\"])(?P<target>.+?)(?P=q)"
        r"(?:'s\s+(?:title|name))?\s+(?:to say|to read|to|into|as)\s*:?\s+(?P<title>.+)$",
        re.I,
    ),
    re.compile(
        r"^(?:change|rename|update|edit|modify|retitle|reword|call|set|correct|fix)\s+(?:the\s+)?"
        r"(?:(?:title|name|text|wording)\s+(?:of|for|on)\s+)?(?P<target>.+?)(?:(?:'s)?\s+(?:title|name))?"
        r"\s+(?:to say|to read|so it says|so that it says|to|into|as)\s*:?\s+(?P<title>.+)$",
        re.I,
    ),
    re.compile(
        r"^(?:change|rename|update|edit|modify|retitle|reword)\s+(?P<target>(?:task\s*)?#?\d+)"
        r"(?:\s+(?:title|name))?\s*[:=\u2013-]\s*"
        r"(?P<title>.+)$",
        re.I,
    ),
]
ADD = re.compile(
    r"^(?:add|create|make|new|insert|put|stick|pop|chuck|jot down|write down|note down|log|save|enter|capture|"
    r"set up|record|schedule)\s+(?P<rest>.+)$",
    re.I,
)
ADD_NOUN = re.compile(
    rf"^(?:an?\s+|one\s+|another\s+|the\s+)?(?:new\s+)?(?:{_PRIO}(?:[- ]priority)?\s+)?"
    rf"(?:task|todo|to-do|to do|item|reminder|entry|note)(?:\s+(?:item|entry))?"
    r"(?:\s+(?:called|named|titled|that says|saying|to|for|about|of)\s+|\s*[:\u2013-]\s*|\s+|$)(?P<title>.*)$",
    re.I,
)
ADD_TO_LIST_FIRST = re.compile(rf"^(?:to|on|onto)\s+(?:my|the)\s+{_LIST_NOUN}\s*[:,-]?\s*(?P<title>.+)$", re.I)
PRIO_ANY = r"(?:high|medium|normal|low|urgent|important|top)"
PRIORITY_SUFFIX = re.compile(
    rf"(?:[,;]?\s+(?:with\s+|as\s+|at\s+)?(?:an?\s+)?{PRIO_ANY}[- ]priority"
    rf"|[,;]?\s+priority[:\s]+{PRIO_ANY}|\s*\({PRIO_ANY}(?:[- ]priority)?\)"
    r"|[,;]?\s+it'?s (?:urgent|important)|[,;]?\s*!!+)$",
    re.I,
)

TARGET_NUMBER = re.compile(
    r"^(?:the\s+)?(?:(?P<by_position>number|no\.?)\s*|(?:(?:task|todo|to-do|item|#|id)\s*)+)?#?\s*(?P<n>[1-9]\d{0,8}|"
    + "|".join(NUMBER_WORDS)
    + r")(?:\s+(?:task|one))?$",
    re.I,
)
REFERENCE_IT = re.compile(
    r"^(?:it|that|this|that one|this one|that task|this task|the one|same one|the same one)$", re.I
)
REFERENCE_BOTH = re.compile(r"^(?:both|both of them|the two|the two of them|both tasks|both of those)$", re.I)
REFERENCE_ALL = re.compile(
    r"^(?:them|all of them|all of those|all those|all these|these|those|them all|each of them|all three|all four"
    r"|all five|the lot)$",
    re.I,
)
TARGET_LEAD = re.compile(
    r"^(?:(?:the|my|a|an|that|this|those|these|our)\s+|(?:task|todo|to-do|item|reminder|one)s?\s+"
    r"(?:called|named|titled|about|for|to|saying|that says)\s+|(?:task|todo|to-do|item)\s*:\s*"
    r"|(?:called|named|titled|about|saying)\s+)+",
    re.I,
)
TARGET_TAIL = re.compile(
    rf"(?:(?:{ON_MY_LIST})|\s+(?:task|todo|to-do|item|reminder|one|entry|thing)s?"
    r"|\s+(?:too|as well|again|now|already|today|for good))+$",
    re.I,
)
# "all the shopping tasks", "everything I've finished", "every completed task": every match, once confirmed.
EVERY = re.compile(
    r"^(?:all|every|everything|each)(?:\s+(?:of\s+)?(?:my|the|of my))?"
    r"(?:\s+(?P<done>completed|finished|done|checked|ticked)|\s+(?P<open>pending|open|unfinished|remaining))?"
    r"(?:\s+(?P<words>.+?))??"
    r"(?:\s+(?:that|which)?\s*(?:i'?ve|i have|i|are|is|were)\s+(?:already\s+)?(?P<done2>finished|completed|done)"
    r"(?:\s+already)?)?$",
    re.I,
)
QUOTES = re.compile(r"^(['\"])(?P<inner>.+)\1$")

# Kinds of language (issue 22): questions are never adds, corrections amend what was just touched, and a
# request that is not about tasks is declined.
QUESTION_START = re.compile(
    r"^(?:what|what'?s|whats|when|when'?s|where|which|who|whose|why|how|do i|did i|have i|am i|is there|are there"
    r"|is it|is my|was|were|does|anything|any|can i|should i|show me|tell me"
    r"|i(?: want| need|'?d like| would like) to know|let me (?:see|know)|i wonder|give me|read me|what about"
    r"|remind me what|check (?:if|whether)|got any|know(?=\s+(?:what|when|which|if|whether|how)))\b",
    re.I,
)
QUESTION_LEAD = re.compile(
    r"^(?:show me|tell me(?: about)?|i(?: want| need|'?d like| would like) to know|let me (?:see|know)|i wonder|give me"
    r"|read me|remind me what|check (?:if|whether)|what about|know(?=\s+(?:what|when|which|if|whether|how)))\s+",
    re.I,
)
WHEN_DUE = re.compile(
    r"^(?:when|what day|what time)(?:'s|\s+is|\s+are|\s+was|\s+do i have)?\s+(?:the\s+|my\s+)?(?P<subject>.+?)"
    r"(?:\s+(?:due|happening|on|scheduled|set for|supposed to be done))?$",
    re.I,
)
ABOUT = re.compile(
    r"^(?:is there\s+|do i have\s+|have i got\s+|got\s+)?(?:anything|something|any tasks?|any(?:thing)? left"
    r"|any news|any updates?|news|updates?)\s+"
    r"(?:about|on|for|with|regarding|to do with|related to|left (?:on|for|in))\s+(?:the\s+|my\s+)?(?P<subject>.+)$",
    re.I,
)
IS_STATE = re.compile(
    r"^(?:is|are|was|were|has|have)\s+(?:the\s+|my\s+)?(?P<subject>.+?)\s+(?:been\s+)?(?:paid|sorted|booked|sent"
    r"|fixed|bought|cleaned|called|handled|dealt with|taken care of|ready|arranged|organi[sz]ed|submitted|posted)"
    r"(?:\s+yet)?$",
    re.I,
)
DID_I = re.compile(r"^(?:did|have|has)\s+i\s+(?:already\s+|ever\s+)?(?P<subject>.+?)(?:\s+(?:yet|already))?$", re.I)
LEFT_ON = re.compile(
    r"^what(?:'s| is)\s+(?:left|remaining|still open|still to do)\s+(?:on|for|in|of)\s+(?:the\s+|my\s+)?"
    r"(?P<subject>.+)$",
    re.I,
)
OFF_TOPIC = re.compile(
    r"^(?:play|pause|skip (?:this )?song|turn (?:\w+\s+){0,2}?(?:on|off|up|down)(?:\s+\w+){0,3}$"
    r"|switch (?:on|off)|dim|brighten|lock|unlock"
    r"|set (?:a|an|the) (?:timer|alarm|volume)|tell me a joke|(?:read|tell) me the (?:news|headlines|weather)"
    r"|what'?s the (?:weather|forecast|temperature|news|time|score)|how'?s the weather|will it (?:rain|snow)"
    r"|is it (?:going to )?(?:rain|snow)|what time is it|call me an? (?:uber|taxi|cab)|order (?:me )?an? (?:uber|taxi)"
    r"|navigate|directions to|translate|what'?s on (?:tv|the news))\b",
    re.I,
)
CORRECTION = re.compile(
    r"^(?:make|change|switch|set)\s+(?:it|that|this|that one)(?:\s+(?:to|for|on|due|as|into))?\s+(?P<rest>.+)$"
    r"|^i meant\s+(?:to say\s+)?(?P<rest2>.+)$|^(?:it'?s|it should be|should be)\s+(?P<rest3>.+)$",
    re.I,
)
REOPEN_IT = re.compile(
    r"^(?:i )?(?:didn'?t|did not|haven'?t|have not|hadn'?t)\s+(?:actually\s+|really\s+|yet\s+)?(?:do|done|finish"
    r"|finished|complete|completed)\s+(?:it|that|this)(?:\s+yet)?$|^(?:it'?s|that'?s|it is|that is)\s+not"
    r"\s+(?:done|finished|complete)(?:\s+yet)?$|^not (?:done|finished) yet$",
    re.I,
)
MAKE_LIST = re.compile(
    r"^(?:create|make|add|start|set up|new)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:(?P<kind>[\w-]+)\s+)?list"
    r"(?:\s+(?:called|named|for)\s+(?P<name>.+))?$",
    re.I,
)
JUNK_TITLE = re.compile(
    r"^(?:it|that|this|these|those|them|they|one|the one|that one|this one|something|anything|nothing|everything"
    r"|stuff|things?|um+|uh+|hmm+|er+|erm|and|or|also|too|ok|okay|yes|no|yeah|nope|same|same again|again|more"
    r"|another|another one|i meant|meant|the|a|an|what|when|why|how|who|where|me|you|us|him|her|some|all|both"
    r"|it too|that too|as well|there|here|now|later|then|so|well|hm|lol|haha|please|thanks|sorry|oops"
    r"|(?:it|that|this|them|those)\s+(?:down|in|on|there|too|again|please))$",
    re.I,
)
"""A title that is no task: a lone pronoun, filler or a word left over from a sentence."""
TODO_VERB = re.compile(
    r"^(?:buy|get|grab|pick up|call|ring|phone|text|email|e-mail|message|pay|book|fix|repair|clean|tidy|wash|send|post"
    r"|mail|write|draft|order|renew|return|water|feed|walk|bake|cook|make|prepare|pack|print|sign|file|submit"
    r"|schedule|plan|organi[sz]e|check|review|read|study|learn|practice|practise|visit|see|meet|collect|drop off"
    r"|take|bring|change|replace|install|update|backup|back up|finish|start|do|iron|vacuum|hoover|mow|sweep"
    r"|empty|recycle|sort|donate|sell|return|cancel|thank|invite|apply|register|research|ask|tell|remind|charge"
    r"|top up|refill|defrost|declutter|paint|hang|move|go to|go)\b",
    re.I,
)
"""The first word of a thing to do: a short message starting with one, read as nothing else, is an add."""
