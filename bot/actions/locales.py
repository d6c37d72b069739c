"""The words and formats the actions compute texts with, one :class:`Locale` per language.

Responses are written in ``domain.yml``, but some of what they say is computed: the support
hours ("Monday to Friday, 9:00–18:00"), the next opening, delivery times and prices, order
dates, and the words used when an order lacks a date or a carrier. Those pieces live here,
per language, so :mod:`bot.actions.company` and :mod:`bot.actions.support` can render them
in the conversation's language. The company's own words (its chat description, time-zone
label, delivery option names) are in ``bot/company.yml`` instead.

Every field of :class:`Locale` is required, so a language with a missing text cannot even be
built: the import fails, and with it every test, instead of a customer silently reading
English. Georgian, Armenian and Amharic put a noun in the singular after a number ("5
business day"), so only English has two forms where a count is involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.actions.language import SUPPORTED_LANGUAGES


@dataclass(frozen=True)
class Locale:
    """One language's words and formats; ``{name}`` fields are filled by the callers."""

    weekdays: tuple[str, str, str, str, str, str, str]  # Monday first
    weekdays_on: tuple[str, str, str, str, str, str, str]  # "on Monday"
    months: tuple[str, str, str, str, str, str, str, str, str, str, str, str]
    day_range: str  # {start}, {end}
    every_day: str
    list_comma: str
    list_and: str
    support_hours: str  # {days}, {open}, {close}, {label}
    opening_today: str  # {time}, {label}
    opening_tomorrow: str  # {time}, {label}
    opening_weekday: str  # {weekday_on}, {time}, {label}
    response_time_one: str  # {n}
    response_time_many: str  # {n}
    days_one: str  # {n}
    days_many: str  # {n}
    days_range: str  # {min}, {max}
    free: str
    free_over: str  # {price}, {free_over}
    delivery_option: str  # {name}, {days}, {price}
    delivery_times_item: str  # {name}, {days}
    item_separator: str
    date: str  # {weekday}, {day}, {month}, {year}
    not_known_yet: str
    a_recent_date: str
    the_amount_due: str
    our_delivery_partner: str

    def join(self, items: list[str]) -> str:
        """ "A, B and C" in this language."""
        if len(items) == 1:
            return items[0]
        return self.list_comma.join(items[:-1]) + self.list_and + items[-1]


LOCALES: Final[dict[str, Locale]] = {
    "en": Locale(
        weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        weekdays_on=(
            "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
            "on Saturday", "on Sunday",
        ),
        months=(
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ),
        day_range="{start} to {end}",
        every_day="every day",
        list_comma=", ",
        list_and=" and ",
        support_hours="{days}, {open}–{close} ({label})",
        opening_today="today at {time} ({label})",
        opening_tomorrow="tomorrow at {time} ({label})",
        opening_weekday="{weekday_on} at {time} ({label})",
        response_time_one="within {n} business hour",
        response_time_many="within {n} business hours",
        days_one="{n} business day",
        days_many="{n} business days",
        days_range="{min}–{max} business days",
        free="free",
        free_over="{price}, free over {free_over}",
        delivery_option="{name} ({days}, {price})",
        delivery_times_item="{name}: {days}",
        item_separator="; ",
        date="{weekday}, {day} {month} {year}",
        not_known_yet="not known yet",
        a_recent_date="a recent date",
        the_amount_due="the amount due",
        our_delivery_partner="our delivery partner",
    ),
    "ka": Locale(
        weekdays=(
            "ორშაბათი", "სამშაბათი", "ოთხშაბათი", "ხუთშაბათი", "პარასკევი", "შაბათი", "კვირა",
        ),
        weekdays_on=(
            "ორშაბათს", "სამშაბათს", "ოთხშაბათს", "ხუთშაბათს", "პარასკევს", "შაბათს", "კვირას",
        ),
        months=(
            "იანვარი", "თებერვალი", "მარტი", "აპრილი", "მაისი", "ივნისი", "ივლისი", "აგვისტო",
            "სექტემბერი", "ოქტომბერი", "ნოემბერი", "დეკემბერი",
        ),
        day_range="{start}–{end}",
        every_day="ყოველდღე",
        list_comma=", ",
        list_and=" და ",
        support_hours="{days}, {open}–{close} ({label})",
        opening_today="დღეს, {time}-ზე ({label})",
        opening_tomorrow="ხვალ, {time}-ზე ({label})",
        opening_weekday="{weekday_on}, {time}-ზე ({label})",
        response_time_one="{n} სამუშაო საათის განმავლობაში",
        response_time_many="{n} სამუშაო საათის განმავლობაში",
        days_one="{n} სამუშაო დღე",
        days_many="{n} სამუშაო დღე",
        days_range="{min}–{max} სამუშაო დღე",
        free="უფასო",
        free_over="{price}, უფასოა {free_over}-ზე მეტი ღირებულების შეკვეთისას",
        delivery_option="{name} ({days}, {price})",
        delivery_times_item="{name}: {days}",
        item_separator="; ",
        date="{weekday}, {day} {month}, {year}",
        not_known_yet="ჯერ უცნობია",
        a_recent_date="ბოლო დღეებში",
        the_amount_due="დასაბრუნებელი თანხა",
        our_delivery_partner="ჩვენი მიწოდების პარტნიორი",
    ),
    "hy": Locale(
        weekdays=(
            "երկուշաբթի", "երեքշաբթի", "չորեքշաբթի", "հինգշաբթի", "ուրբաթ", "շաբաթ", "կիրակի",
        ),
        weekdays_on=(
            "երկուշաբթի", "երեքշաբթի", "չորեքշաբթի", "հինգշաբթի", "ուրբաթ", "շաբաթ", "կիրակի",
        ),
        months=(  # genitive, as dates need: "մարտի 12"
            "հունվարի", "փետրվարի", "մարտի", "ապրիլի", "մայիսի", "հունիսի", "հուլիսի",
            "օգոստոսի", "սեպտեմբերի", "հոկտեմբերի", "նոյեմբերի", "դեկտեմբերի",
        ),
        day_range="{start}–{end}",
        every_day="ամեն օր",
        list_comma=", ",
        list_and=" և ",
        support_hours="{days}, {open}–{close} ({label})",
        opening_today="այսօր ժամը {time}-ին ({label})",
        opening_tomorrow="վաղը ժամը {time}-ին ({label})",
        opening_weekday="{weekday_on} ժամը {time}-ին ({label})",
        response_time_one="{n} աշխատանքային ժամվա ընթացքում",
        response_time_many="{n} աշխատանքային ժամվա ընթացքում",
        days_one="{n} աշխատանքային օր",
        days_many="{n} աշխատանքային օր",
        days_range="{min}–{max} աշխատանքային օր",
        free="անվճար",
        free_over="{price}, {free_over}-ից ավելի պատվերի դեպքում՝ անվճար",
        delivery_option="{name} ({days}, {price})",
        delivery_times_item="{name}՝ {days}",
        item_separator="; ",
        date="{weekday}, {year} թ. {month} {day}",
        not_known_yet="դեռ հայտնի չէ",
        a_recent_date="վերջին օրերին",
        the_amount_due="վերադարձվող գումարը",
        our_delivery_partner="մեր առաքման գործընկերը",
    ),
    "am": Locale(
        weekdays=("ሰኞ", "ማክሰኞ", "ረቡዕ", "ሐሙስ", "ዓርብ", "ቅዳሜ", "እሑድ"),
        weekdays_on=("ሰኞ", "ማክሰኞ", "ረቡዕ", "ሐሙስ", "ዓርብ", "ቅዳሜ", "እሑድ"),
        months=(
            "ጃንዋሪ", "ፌብሩዋሪ", "ማርች", "ኤፕሪል", "ሜይ", "ጁን", "ጁላይ", "ኦገስት", "ሴፕቴምበር",
            "ኦክቶበር", "ኖቬምበር", "ዲሴምበር",
        ),
        day_range="ከ{start} እስከ {end}",
        every_day="በየቀኑ",
        list_comma="፣ ",
        list_and=" እና ",
        support_hours="{days}፣ {open}–{close} ({label})",
        opening_today="ዛሬ {time} ላይ ({label})",
        opening_tomorrow="ነገ {time} ላይ ({label})",
        opening_weekday="{weekday_on} {time} ላይ ({label})",
        response_time_one="በ{n} የሥራ ሰዓት ውስጥ",
        response_time_many="በ{n} የሥራ ሰዓት ውስጥ",
        days_one="{n} የሥራ ቀን",
        days_many="{n} የሥራ ቀን",
        days_range="{min}–{max} የሥራ ቀን",
        free="ነጻ",
        free_over="{price}፣ ከ{free_over} በላይ ለሆነ ትዕዛዝ ነጻ",
        delivery_option="{name} ({days}፣ {price})",
        delivery_times_item="{name}፦ {days}",
        item_separator="፤ ",
        date="{weekday}፣ {month} {day} ቀን {year}",
        not_known_yet="ገና አልታወቀም",
        a_recent_date="በቅርብ ቀናት",
        the_amount_due="የሚመለስልዎ መጠን",
        our_delivery_partner="የማድረሻ አጋራችን",
    ),
}  # fmt: skip


def locale(language: str) -> Locale:
    """The locale of ``language``; a language without one is a bug, so it raises ``KeyError``."""
    if language not in SUPPORTED_LANGUAGES:
        raise KeyError(f"no texts for language {language!r}; answer in {SUPPORTED_LANGUAGES}")
    return LOCALES[language]
