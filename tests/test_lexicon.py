"""Data-driven checks of the multilingual chrome lexicon (``rules/lexicon/<lang>.toml``).

Every shipped language file must load; its ``examples`` must match with their family (alone and
with all languages loaded); its ``counterexamples`` and a few paragraphs of ordinary news prose
per language must match nothing in the full lexicon; and whole-line entries of two languages must
not claim the same line for different families unless the clash is listed in
``ALLOWED_LINE_CLASHES``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import regex

from declutter.rules.lexicon import available_languages, load_lexicon, read_language
from declutter.rules.phrases import AnyWord, Optional_, expand, has_wildcards, line_regex, parse
from declutter.rules.registry import LEXICON_FAMILIES

REQUIRED = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "zh", "ja", "ar")
LANGUAGES = available_languages()

# Normalized lines that two languages put in different families, with the family that must win
# when every language is loaded (languages load in alphabetical order; the first writer wins).
ALLOWED_LINE_CLASHES: dict[str, str] = {
    # "Please wait" (es, pt) is a player message, not a byline "Por <name> <name>".
    "por favor espere": "media_player",
    "por favor aguarde": "media_player",
    # English "Editor's picks" is a block title, not an Indonesian "Editor: <name> <name>".
    "editor s picks": "related",
}


# A letter glued to a bracket: "(re)published" is "re published"; in CJK text gluing is right.
_NOT_CJK = r"(?:(?![\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}])\w)"


def _model_families() -> tuple[str, ...]:
    """The families every language must have: those of the English model file."""
    return tuple(name for name in read_language("en") if name in LEXICON_FAMILIES)


MODEL_FAMILIES = _model_families()


def _family_tables(language: str) -> Iterator[tuple[str, dict[str, list[str]]]]:
    for name, table in read_language(language).items():
        if name in LEXICON_FAMILIES:
            yield name, table


def _cases(key: str) -> list[tuple[str, str, str]]:
    return [
        (language, family, text)
        for language in LANGUAGES
        for family, table in _family_tables(language)
        for text in table.get(key, [])
    ]


def test_required_languages_exist() -> None:
    missing = sorted(set(REQUIRED) - set(LANGUAGES))
    assert not missing, f"required lexicon languages missing: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_file_loads(language: str) -> None:
    data = read_language(language)
    assert data.get("language") == language
    lexicon = load_lexicon((language,))
    assert lexicon.lines or lexicon.phrases_by_trigger


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_family_has_examples_and_counterexamples(language: str) -> None:
    tables = dict(_family_tables(language))
    problems = []
    for family in MODEL_FAMILIES:
        table = tables.get(family)
        if table is None:
            problems.append(f"[{family}] missing")
            continue
        has_entries = bool(table.get("lines") or table.get("phrases"))
        if has_entries and len(table.get("examples", [])) < 2:
            problems.append(f"[{family}] needs at least 2 examples")
        if not table.get("counterexamples"):
            problems.append(f"[{family}] needs at least 1 counterexample")
    assert not problems, f"{language}: " + "; ".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_duplicate_patterns(language: str) -> None:
    problems = []
    for family, table in _family_tables(language):
        for key in ("lines", "phrases"):
            patterns = table.get(key, [])
            duplicates = sorted({p for p in patterns if patterns.count(p) > 1})
            if duplicates:
                problems.append(f"[{family}] {key}: {duplicates}")
    assert not problems, f"{language}: duplicated patterns " + "; ".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_patterns_are_not_regex(language: str) -> None:
    """Regex habits (``s?``, ``a+``, ``\\w``) silently normalize away in the pattern language."""
    problems = [
        f"[{family}] {pattern!r}"
        for family, table in _family_tables(language)
        for key in ("lines", "phrases")
        for pattern in table.get(key, [])
        if regex.search(r"[?+{}^$\\]|" + _NOT_CJK + r"[(\[]|[)\]]" + _NOT_CJK, pattern)
    ]
    assert not problems, f"{language}: regex syntax in patterns: " + "; ".join(problems)


@pytest.mark.parametrize(("language", "family", "text"), _cases("examples"))
def test_example_matches_its_family(language: str, family: str, text: str) -> None:
    for lexicon in (load_lexicon((language,)), load_lexicon(None)):
        hit = lexicon.match_line(text)
        assert hit is not None, f"{language} [{family}] example matches nothing: {text!r}"
        assert hit.family == family, (
            f"{language} [{family}] example {text!r} is claimed by {hit.language} "
            f"[{hit.family}] {hit.pattern!r} (languages {lexicon.languages})"
        )


@pytest.mark.parametrize(("language", "family", "text"), _cases("counterexamples"))
def test_counterexample_matches_nothing(language: str, family: str, text: str) -> None:
    hit = load_lexicon(None).match_line(text)
    assert hit is None, (
        f"{language} [{family}] counterexample {text!r} matches "
        f"{hit.language} [{hit.family}] {hit.pattern!r}"
    )


def _whole_lines(language: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Expanded whole lines (line -> family, first in file wins) and wildcard line patterns."""
    expanded: dict[str, str] = {}
    wildcards: list[tuple[str, str]] = []
    for family, table in _family_tables(language):
        for pattern in table.get("lines", []):
            nodes = parse(pattern)
            if has_wildcards(nodes):
                wildcards.append((pattern, family))
            else:
                for line in expand(nodes):
                    expanded.setdefault(line, family)
    return expanded, wildcards


def _line_clashes() -> dict[str, list[str]]:
    """Lines claimed for different families by different languages, with who claims what.

    Exact lines of two languages can clash; so can one language's exact line and another's
    wildcard line pattern (``por * *`` against ``por favor espere``).
    """
    tables = {language: _whole_lines(language) for language in LANGUAGES}
    claims: dict[str, dict[str, set[str]]] = {}
    for language, (expanded, _) in tables.items():
        for line, family in expanded.items():
            claims.setdefault(line, {}).setdefault(family, set()).add(language)
    clashes = {
        line: [f"{f} ({'/'.join(sorted(ls))})" for f, ls in sorted(families.items())]
        for line, families in claims.items()
        if len(families) > 1
    }
    for language, (_, wildcards) in tables.items():
        for pattern, family in wildcards:
            compiled = line_regex(parse(pattern))
            for other, (expanded, _) in tables.items():
                if other == language:
                    continue  # within a file exact lines win over wildcards by design
                for line, other_family in expanded.items():
                    if other_family != family and compiled.fullmatch(f" {line}"):
                        clashes.setdefault(line, [f"{other_family} ({other})"]).append(
                            f"{family} ({language} {pattern!r})"
                        )
    return clashes


def test_no_cross_language_line_clashes() -> None:
    full = load_lexicon(None)
    problems = []
    for line, claims in sorted(_line_clashes().items()):
        winner = full.match_line(line)
        assert winner is not None
        if ALLOWED_LINE_CLASHES.get(line) != winner.family:
            problems.append(f"{line!r}: {', '.join(claims)}; wins: {winner.family}")
    assert not problems, "whole-line entries clash across languages:\n" + "\n".join(problems)


def test_allowed_clashes_are_still_clashes() -> None:
    stale = sorted(set(ALLOWED_LINE_CLASHES) - set(_line_clashes()))
    assert not stale, f"ALLOWED_LINE_CLASHES lists lines that no longer clash: {stale}"


@pytest.mark.parametrize("text", ["", " ", "2024", "12:30", "3 / 4", "…", "—", "» «", "1.204"])
def test_numbers_and_symbols_alone_match_nothing(text: str) -> None:
    hit = load_lexicon(None).match_line(text)
    assert hit is None, f"{text!r} matches {hit.language} [{hit.family}] {hit.pattern!r}"


# Ordinary news prose, one sentence per line, reusing words that chrome is made of.
PROSE: dict[str, str] = {
    "en": """
Breaking with tradition, the council will share the cost of the new library with the county.
Shares in the company fell 3 percent on Monday after the announcement.
Readers who subscribe to the newsletter will not see any change, the editor said.
The bakery sells cookies, bread and cakes, and the queue reaches the street by eight.
Under the 1976 Copyright Act, the photograph belongs to the agency that commissioned it.
The views expressed at the hearing reflect a deep split within the party.
Home prices rose sharply in the capital last year, according to the land registry.
More from the interview: the senator said she would run again in 2026.
Police said the video of the arrest was authentic and had been filmed on Friday.
The hotel is part of a group of twelve properties owned by the same family.
Regulators want websites to ask users before they accept cookies from advertisers.
He told me to read more books, and to listen more carefully to my mother.
Readers can reply to the survey until Friday, and the council says it will report back in May.
""",
    "de": """
Die Regierung will die Kosten für den Ausbau der Bahn mit den Ländern teilen.
Die Barrierefreiheit der Bahnhöfe soll bis 2030 deutlich verbessert werden.
Viele Nutzer melden sich nach wenigen Wochen wieder ab, zeigt eine Studie der Universität.
Die Anzeige gegen den Bürgermeister wurde am Dienstag von der Staatsanwaltschaft geprüft.
Mehr als 3000 Menschen haben am Samstag in Berlin für den Klimaschutz demonstriert.
Das Video der Festnahme ist nach Angaben der Polizei echt und wurde am Freitag gedreht.
Die Bäckerei verkauft Cookies, Kuchen und Brot, die Schlange reicht bis auf die Straße.
Der Verlag will seine Newsletter künftig stärker bewerben, sagte die Chefredakteurin.
Alle Rechte an dem Grundstück liegen nach dem Urteil wieder bei der Gemeinde.
Die Studie gibt nach Ansicht der Forscher ein realistisches Bild der Lage wieder.
Sie sind hier geboren und wollen auch hier alt werden, sagen die Bewohner des Dorfes.
Weitere Artikel des Grundgesetzes sollen nach dem Willen der Koalition geändert werden.
Wer auf die Umfrage antworten will, muss sich bis Freitag melden, sagt der Sprecher.
""",
    "fr": """
Les deux partis veulent partager le pouvoir après les élections municipales de mars.
Le ministre a promis d'en savoir plus sur les causes de l'accident avant la fin de la semaine.
La publicité en ligne a progressé de 8 % l'an dernier, selon le syndicat des régies.
La boulangerie vend des cookies et du pain, et la queue déborde sur le trottoir chaque matin.
Il faut s'inscrire sur les listes électorales avant le 3 mai, a rappelé la mairie.
La recherche du randonneur disparu a été suspendue dans la soirée à cause du brouillard.
Les résultats ne reflètent pas encore l'effet de la réforme, selon l'Insee.
La vidéo de l'arrestation est authentique, selon la police, et a été tournée vendredi.
Tous les droits de retransmission du championnat ont été vendus pour un milliard d'euros.
Vous êtes ici chez vous, a lancé le maire aux réfugiés accueillis dans la commune.
Par ailleurs, le gouvernement prévoit de réduire le nombre de fonctionnaires en 2025.
À la une des journaux régionaux ce matin, la grève des contrôleurs aériens.
Le maire n'a pas voulu répondre aux questions sur le signalement, a dit son porte-parole.
""",
    "es": """
Los socios acordaron compartir el gobierno municipal durante los próximos cuatro años.
El ministro pidió leer más despacio el informe antes de sacar conclusiones precipitadas.
La publicidad en internet creció un 8 % el año pasado, según la asociación del sector.
La pastelería vende cookies y magdalenas, y la cola llega hasta la esquina cada mañana.
Los vecinos deben registrarse antes del 3 de mayo para votar en la consulta municipal.
La búsqueda del montañero desaparecido se suspendió por la noche a causa de la niebla.
Los datos no reflejan todavía el efecto de la reforma, según el instituto de estadística.
El vídeo de la detención es auténtico, según la policía, y fue grabado el viernes.
Todos los derechos de retransmisión de la liga se vendieron por mil millones de euros.
Usted está aquí porque el pueblo lo eligió, le dijo el alcalde al nuevo concejal.
Por otra parte, el Gobierno prevé reducir el número de funcionarios en 2025.
En directo desde Sevilla, el presidente anunció un plan para los barrios del sur.
El alcalde no quiso responder a las preguntas sobre la denuncia, dice el diario local.
""",
    "it": """
I partiti hanno deciso di condividere il governo della regione per i prossimi cinque anni.
Il ministro ha chiesto di leggere più attentamente il rapporto prima di trarre conclusioni.
La pubblicità online è cresciuta dell'8 % l'anno scorso, secondo l'associazione di settore.
La pasticceria vende cookie e brioche, e la fila arriva fino all'angolo ogni mattina.
I cittadini devono iscriversi entro il 3 maggio per votare al referendum comunale.
La ricerca dell'escursionista scomparso è stata sospesa in serata per la nebbia.
I dati non riflettono ancora l'effetto della riforma, secondo l'Istat.
Il video dell'arresto è autentico, secondo la polizia, ed è stato girato venerdì.
Tutti i diritti televisivi del campionato sono stati venduti per un miliardo di euro.
Sei qui perché il paese ti ha scelto, ha detto il sindaco al nuovo assessore.
Di fronte alla crisi, il governo ha presentato un piano di aiuti per le famiglie.
L'ANSA riporta che il presidente ha firmato il decreto nella notte.
""",
    "pt": """
Os partidos decidiram partilhar o governo da câmara municipal pelos próximos quatro anos.
O ministro pediu para ler mais devagar o relatório antes de tirar conclusões precipitadas.
A publicidade na internet cresceu 8 % no ano passado, segundo a associação do setor.
A padaria vende cookies, bolos e pão, e a fila chega à esquina todas as manhãs.
Os eleitores devem se inscrever até 3 de maio para votar no plebiscito municipal.
A busca pelo montanhista desaparecido foi suspensa à noite por causa do nevoeiro.
Os dados não refletem ainda o efeito da reforma, segundo o instituto de estatística.
O vídeo da prisão é autêntico, segundo a polícia, e foi gravado na sexta-feira.
Todos os direitos de transmissão do campeonato foram vendidos por um bilhão de reais.
Você está aqui porque o povo o escolheu, disse o prefeito ao novo vereador.
Por outro lado, o governo prevê reduzir o número de funcionários públicos em 2025.
Ao vivo, em Lisboa, o presidente anunciou um plano para os bairros periféricos.
""",
    "nl": """
De partijen willen de macht in de gemeente de komende vier jaar delen, zo bleek dinsdag.
De minister wil dat kinderen meer lezen en trekt daarom extra geld uit voor bibliotheken.
Online adverteren is vorig jaar met 8 procent gegroeid, meldt de branchevereniging.
De bakker verkoopt cookies, taart en brood, en de rij staat elke ochtend tot op de stoep.
Kiezers moeten zich voor 3 mei aanmelden om te kunnen stemmen bij het referendum.
De zoektocht naar de vermiste wandelaar werd 's avonds gestaakt vanwege mist.
De cijfers geven volgens het CBS nog niet het effect van de hervorming weer.
De video van de arrestatie is echt, zegt de politie, en werd vrijdag opgenomen.
Alle rechten op de grond liggen na de uitspraak weer bij de gemeente.
U bent hier welkom, zei de burgemeester tegen de nieuwe inwoners van het dorp.
Door de storm vielen in het hele land bomen om en lag het treinverkeer urenlang stil.
Het laatste nieuws over de brand kwam pas in de loop van de avond naar buiten.
""",
    "pl": """
Partie zgodziły się dzielić władzę w sejmiku przez najbliższe cztery lata, poinformowano we wtorek.
Minister chce, aby uczniowie czytali więcej, i przeznacza dodatkowe pieniądze na biblioteki.
Reklama internetowa wzrosła w ubiegłym roku o 8 procent, wynika z danych branży.
Cukiernia sprzedaje ciasteczka i chleb, a kolejka co rano sięga rogu ulicy.
Wyborcy muszą się zapisać do 3 maja, aby zagłosować w referendum lokalnym.
Poszukiwania zaginionego turysty przerwano wieczorem z powodu mgły.
Dane nie odzwierciedlają jeszcze skutków reformy, podał urząd statystyczny.
Nagranie z zatrzymania jest autentyczne, twierdzi policja, i zostało zarejestrowane w piątek.
Prawa do transmisji ligi sprzedano za miliard złotych, a kontrakt obowiązuje do 2030 roku.
Jesteś tutaj mile widziany, powiedział burmistrz do nowych mieszkańców wsi.
Firma działała bez zgody wojewody, ustalili kontrolerzy urzędu.
Na żywo z Gdańska prezydent zapowiedział plan dla dzielnic portowych.
""",
    "ru": """
Партии договорились поделиться властью в городском совете на ближайшие четыре года.
Министр попросил подробнее изучить доклад, прежде чем делать выводы.
Реклама в интернете выросла на 8 процентов в прошлом году, сообщила отраслевая ассоциация.
Кондитерская продает печенье и хлеб, и очередь каждое утро тянется до угла улицы.
Избиратели должны подписаться под обращением до 3 мая, напомнили в комиссии.
Поиск пропавшего туриста прекратили вечером из-за густого тумана.
Мнения экспертов о реформе разошлись, но большинство поддержали законопроект.
Видео задержания подлинное, заявили в полиции, оно было снято в пятницу.
Все права на участок после решения суда вернулись муниципалитету.
Вы здесь всегда желанные гости, сказал глава района новым жителям поселка.
Минюст признал журналиста иностранным агентом, сообщило ведомство в пятницу.
Прямая трансляция матча начнется в семь вечера, сообщили организаторы.
Министр не стал отвечать на вопросы журналистов о жалобе, пишет газета.
""",
    "zh": """
专家认为，这种分享经济的模式有助于降低成本，但也需要更加完善的监管体系来保障消费者权益。
他在采访中表示，希望更多年轻人能够阅读全文经典，而不是只看网络上的摘要和解读。
去年网络广告市场规模增长了百分之八，行业协会在年度报告中表示，短视频平台贡献最大。
这家面包店出售饼干、蛋糕和面包，每天早上门口都排起长队。
警方在山区的搜索工作因大雾在傍晚暂停，救援人员计划明天一早继续寻找失踪的登山者。
专家表示，这些数据还不能完全反映改革的效果，统计部门将在六月发布新的研究报告。
法院认定，该杂志未经作者同意使用照片的行为侵犯了摄影师的著作权。
演出结束后，这部纪录片将在央视纪录频道播放，并在网络平台同步上线。
相关部门表示，延伸阅读活动将在全市的中小学开展。
记者从现场发回的最新消息显示，救援人员已经找到了三名被困矿工。
他表示，当前位置的选择对于新工厂的运营成本至关重要。
该报社今年推出了三份新的电子报，其中一份专注于气候议题。
市长拒绝回复记者关于举报的提问，并表示网友的评论不会影响最终决定。
""",
    "ja": """
専門家は、カーシェアの普及が都市部の交通渋滞の緩和につながると指摘している。
彼は続きを読むのが楽しみだと語り、作家の次の作品に期待を寄せた。
昨年のインターネット広告費は前年比8%増となり、業界団体は動画広告がけん引したと分析した。
このパン屋ではクッキーやケーキを毎朝焼いており、開店前から行列ができるという。
警察は霧のため行方不明の登山者の捜索を夕方に打ち切り、明朝から再開する予定だ。
首相は記者会見で、政府の見解を改めて説明し、野党の批判に反論した。
裁判所は、漫画の無断転載が著作権の侵害にあたると判断した。
監督は記者会見で、映画の公開を一時停止すると発表した。
市の関連部署は、人気の観光地に新たな駐車場を整備する計画を明らかにした。
首相はXで、被災地への支援を表明した。
現在の位置からでは山頂は見えないが、天気が回復すれば登山を再開する予定だという。
気象庁は最新情報をもとに、今夜から明日にかけて大雨への警戒を呼びかけている。
市長は通報の内容について記者の質問に返信せず、コメントを控えた。
""",
    "ar": """
قررت الأحزاب تقاسم السلطة في المجلس البلدي للسنوات الأربع المقبلة، بحسب مصادر مطلعة.
طالب الوزير بقراءة المزيد من التقارير قبل اتخاذ أي قرار بشأن خطة الإصلاح.
نما الإنفاق على الإعلان الرقمي بنسبة ثمانية في المئة العام الماضي بحسب اتحاد القطاع.
يبيع المخبز الكعك والخبز الطازج، ويمتد الطابور كل صباح حتى زاوية الشارع.
يجب على الناخبين التسجيل قبل الثالث من مايو للمشاركة في الاستفتاء المحلي.
تواصلت عمليات البحث عن المتسلق المفقود حتى المساء قبل أن تتوقف بسبب الضباب.
ارتفاع الأسعار لا يعبر بالضرورة عن قوة الاقتصاد، بحسب خبراء.
قالت الشرطة إن الفيديو المتداول لعملية الاعتقال حقيقي وتم تصويره يوم الجمعة.
جميع الأطراف وافقت على الهدنة التي تبدأ مساء الخميس، وفق الوسطاء.
أنت هنا في بيتك، قال رئيس البلدية مخاطبا السكان الجدد في القرية.
استمرت المواجهات 5 دقائق قبل أن تتدخل قوات الأمن لفض الاشتباك.
حصل الوسيط على عمولة كبيرة من الصفقة بحسب وثائق المحكمة.
""",
    "tr": """
Partiler, belediye meclisindeki yetkiyi önümüzdeki dört yıl boyunca paylaşma konusunda anlaştı.
Bakan, raporun devamını okumadan karar verilmemesi gerektiğini söyledi.
İnternet reklam harcamaları geçen yıl yüzde 8 arttı, sektör derneği açıkladı.
Fırın her sabah kurabiye, pasta ve ekmek satıyor, kuyruk köşeye kadar uzanıyor.
Kayıp dağcıyı arama çalışmaları yoğun sis nedeniyle akşam saatlerinde durduruldu.
Polis, gözaltı anına ait videonun gerçek olduğunu ve cuma günü çekildiğini açıkladı.
Dolandırıcılar e-posta adresinize sahte mesajlar gönderiyor, uzmanlar uyardı.
Son dakika golüyle kazanan takım, taraftarlarıyla birlikte sahada kutlama yaptı.
İLGİLİ HABERLER kamuoyunda geniş yankı uyandırdı ve meclis konuyu gündemine aldı.
Eserin tüm hakları yazarına aittir, dedi yayınevi sözcüsü.
""",
    "uk": """
Партії домовилися поділитися владою в міській раді на найближчі чотири роки.
Міністр попросив детальніше вивчити доповідь, перш ніж робити висновки.
Реклама в інтернеті зросла на 8 відсотків торік, повідомила галузева асоціація.
Кондитерська продає печиво, торти й хліб, і щоранку черга тягнеться до рогу вулиці.
Пошук зниклого туриста припинили ввечері через густий туман.
Відео затримання справжнє, заявили в поліції, його зняли в п'ятницю ввечері.
Ви тут завжди бажані гості, сказав голова громади новим мешканцям села.
Дані поки не відображають наслідків реформи, повідомила статистична служба.
Усі права на ділянку після рішення суду повернулися громаді.
Пряма трансляція матчу розпочнеться о сьомій вечора, повідомили організатори.
""",
    "sv": """
Partierna har kommit överens om att dela makten i fullmäktige de kommande fyra åren.
Ministern vill att barn ska läsa mer och ger därför extra pengar till skolbiblioteken.
Annonsmarknaden på nätet växte med 8 procent förra året, enligt branschorganisationen.
Bageriet säljer kakor och bröd, och kön når gathörnet varje morgon.
Sökandet efter den försvunna vandraren avbröts på kvällen på grund av dimma.
Polisen säger att videon från gripandet är äkta och filmades i fredags.
Du är här för att folket valde dig, sade kommunalrådet till den nya ledamoten.
Siffrorna speglar ännu inte effekterna av reformen, enligt statistikmyndigheten.
Just nu pågår förhandlingar mellan parterna om ett nytt avtal för vårdpersonalen.
Tidningen startade i år tre nya nyhetsbrev, varav ett om klimatet.
""",
    "cs": """
Strany se dohodly, že budou sdílet moc na radnici po další čtyři roky.
Ministr chce, aby děti četly více, a dává proto peníze školním knihovnám.
Internetová reklama loni vzrostla o 8 procent, uvedlo oborové sdružení.
Pekárna prodává sušenky a chleba a fronta každé ráno sahá až za roh.
Pátrání po pohřešovaném turistovi bylo večer kvůli mlze přerušeno.
Video ze zadržení je podle policie pravé a bylo natočeno v pátek.
Google podle regulátora používá cookies i bez souhlasu uživatelů.
Data zatím neodrážejí dopad reformy, uvedl statistický úřad.
Všechna práva k pozemku se po rozsudku vrátila obci.
Živý přenos zápasu začne v sedm hodin večer, oznámili pořadatelé.
""",
    "ko": """
두 정당은 향후 4년 동안 시의회 권력을 나누기로 합의했다.
장관은 보고서를 더 보기 전에는 결론을 내리지 말라고 당부했다.
지난해 온라인 광고 시장은 8% 성장했다고 업계 단체가 발표했다.
이 빵집은 매일 아침 과자와 빵을 구워 팔며 개점 전부터 줄이 길게 늘어선다.
경찰은 짙은 안개 때문에 실종된 등산객 수색 작업을 저녁에 중단했다.
경찰은 체포 장면이 담긴 동영상이 진짜이며 금요일에 촬영됐다고 밝혔다.
그 업체는 쿠키를 사용해 이용자 정보를 수집한 혐의를 받고 있다.
유튜브 채널 구독자 수가 100만 명을 넘었다고 회사가 밝혔다.
중개인은 거래에서 수수료를 받았다고 법원 문서에 적혀 있다.
김 기자는 현장에서 사고 소식을 전했다.
""",
    "id": """
Kedua partai sepakat membagi kekuasaan di DPRD selama empat tahun ke depan.
Menteri meminta agar laporan itu dibaca selengkapnya sebelum mengambil keputusan.
Belanja iklan digital naik 8 persen tahun lalu, menurut asosiasi industri.
Toko roti itu menjual kue kering dan roti, dan antrean mencapai ujung jalan setiap pagi.
Pencarian pendaki yang hilang dihentikan pada malam hari karena kabut tebal.
Polisi menyatakan video penangkapan itu asli dan direkam pada hari Jumat.
Jumlah pelanggan listrik di wilayah itu naik tajam tahun ini, kata PLN.
Perbaikan jalan itu menjadi tanggung jawab pemerintah provinsi, kata gubernur.
Warga kini bisa mengikuti perkembangan banjir melalui WhatsApp resmi pemerintah daerah.
Kami menggunakan dana desa untuk membangun jembatan baru, kata kepala desa.
""",
}


@pytest.mark.parametrize("language", sorted(PROSE))
def test_prose_matches_nothing(language: str) -> None:
    lexicon = load_lexicon(None)
    hits = []
    for line in PROSE[language].strip().splitlines():
        hit = lexicon.match_line(line)
        if hit is not None:
            hits.append(f"{line!r} -> {hit.language} [{hit.family}] {hit.pattern!r}")
    assert not hits, f"{language} prose matched chrome entries:\n" + "\n".join(hits)


def test_prose_covers_required_languages() -> None:
    assert set(REQUIRED) <= set(PROSE)


def test_wildcard_first_lines_stay_short() -> None:
    """Whole-line patterns that start with ``*`` (comment author lines such as ``"* (*) says"``)
    are looked up by their last word: at most four wildcards may come before the first word,
    so that a sentence ending in "says" is never taken for an author line."""
    problems = []
    for language in LANGUAGES:
        for family, table in _family_tables(language):
            for pattern in table.get("lines", []):
                nodes = parse(pattern)
                leading = 0
                for node in nodes:
                    if isinstance(node, AnyWord) or (
                        isinstance(node, Optional_) and node.body == (AnyWord(),)
                    ):
                        leading += 1
                    else:
                        break
                if leading > 4:
                    problems.append(f"{language} [{family}] {pattern!r}")
    assert not problems, "too many leading wildcards: " + "; ".join(problems)


def test_full_lexicon_compiles_quickly() -> None:
    start = time.perf_counter()
    load_lexicon.__wrapped__(None)
    assert time.perf_counter() - start < 2.0
