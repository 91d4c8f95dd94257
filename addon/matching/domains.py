"""Which email domains belong to a company, and which are free-mail providers."""

from __future__ import annotations

_GLOBAL = (
    "gmail.com googlemail.com outlook.com hotmail.com live.com msn.com passport.com "
    "yahoo.com ymail.com rocketmail.com icloud.com me.com mac.com aol.com aim.com "
    "proton.me protonmail.com protonmail.ch pm.me tutanota.com tutanota.de tuta.io "
    "gmx.com gmx.net mail.com email.com zoho.com zohomail.com fastmail.com fastmail.fm "
    "hey.com hushmail.com mailbox.org posteo.de posteo.net runbox.com duck.com "
    "yandex.com yandex.ru ya.ru mail.ru inbox.ru list.ru bk.ru rambler.ru "
    "qq.com foxmail.com 163.com 126.com yeah.net sina.com sina.cn sohu.com aliyun.com "
    "naver.com daum.net hanmail.net rediffmail.com"
)
# Consumer ISPs: mailboxes of private people, never one company's domain.
_ISP = (
    "web.de t-online.de freenet.de arcor.de gmx.de gmx.at gmx.ch orange.fr wanadoo.fr "
    "free.fr sfr.fr laposte.net libero.it virgilio.it tiscali.it alice.it btinternet.com "
    "sky.com virginmedia.com ntlworld.com talktalk.net comcast.net verizon.net att.net "
    "sbcglobal.net bellsouth.net cox.net charter.net earthlink.net optonline.net "
    "shaw.ca rogers.com sympatico.ca bigpond.com optusnet.com.au telstra.com "
    "seznam.cz wp.pl o2.pl onet.pl interia.pl centrum.cz bluewin.ch telenet.be skynet.be "
    "ziggo.nl kpnmail.nl home.nl planet.nl xs4all.nl uol.com.br bol.com.br terra.com.br"
)
# Providers with a domain per country (hotmail.co.uk, yahoo.fr, yandex.kz, …).
_BRANDS = ("hotmail", "outlook", "live", "yahoo", "gmx", "yandex", "aol")
_COUNTRY_SUFFIXES = (
    "de fr it es nl be at ch se dk no fi pl cz pt ie gr ru ua kz by tr "
    "ca mx ar br cl co in jp kr cn hk tw sg my ph id th vn au nz za "
    "co.uk co.jp co.kr co.in co.id co.nz co.za co.th com.au com.br com.ar com.mx "
    "com.tr com.sg com.hk com.tw com.cn com.my com.ph com.vn com.co com.pe"
)

FREE_MAIL_DOMAINS: frozenset[str] = frozenset(
    (_GLOBAL + " " + _ISP).split()
    + [f"{brand}.{suffix}" for brand in _BRANDS for suffix in _COUNTRY_SUFFIXES.split()]
)


def domain_of(email: str) -> str:
    """Return the lowercased domain of an email address, or "" if it has none."""
    _, at, domain = email.strip().lower().rpartition("@")
    return domain.strip(".") if at else ""


def is_free_mail(domain: str) -> bool:
    """Tell whether a domain, or a domain it is a subdomain of, is a free-mail provider."""
    labels = domain.strip().strip(".").lower().split(".")
    # Parents too: mail.yahoo.com and eu.gmx.net are the same consumer providers.
    return any(".".join(labels[i:]) in FREE_MAIL_DOMAINS for i in range(len(labels) - 1))


def company_domain(email: str) -> str | None:
    """Return the email's company domain, or None for free-mail and malformed addresses."""
    domain = domain_of(email)
    return None if "." not in domain or is_free_mail(domain) else domain
