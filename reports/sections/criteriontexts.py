"""What a broken WCAG 2.1 success criterion means for a visitor, in plain Swedish.

One sentence per criterion of level A and AA (the 50 of audits/data/requirements.json),
written for the public reader of a tillgänglighetsredogörelse: what does not work, and for
whom where that is not obvious. klarsyn's draft statement (``reports.sections.statement``)
starts each shortcoming's line with it. The sentences describe the criterion's failure in
general: the organisation sharpens them with what it knows of its own pages.

A criterion without a sentence here (WCAG 2.2, AAA) is described by the help texts of the
rules that found it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CRITERION_PROBLEMS: Mapping[str, str] = MappingProxyType({
    "1.1.1": "Bilder och annat innehåll som inte är text saknar textalternativ, så den som "
             "inte kan se eller höra innehållet får inte veta vad det är.",
    "1.2.1": "Inspelat ljud eller video utan ljud saknar ett alternativ i text.",
    "1.2.2": "Inspelad video saknar undertexter, så den som inte hör kan inte ta del av ljudet.",
    "1.2.3": "Inspelad video saknar syntolkning eller en textversion av det som bara syns i bild.",
    "1.2.4": "Direktsänd video saknar undertexter.",
    "1.2.5": "Inspelad video saknar syntolkning av det som bara syns i bild.",
    "1.3.1": "Rubriker, listor, tabeller eller formulär är inte rätt märkta i koden, så den "
             "som använder skärmläsare missar hur innehållet hänger ihop.",
    "1.3.2": "Skärmläsare läser upp innehållet i en ordning som gör det svårt att förstå.",
    "1.3.3": "Instruktioner bygger bara på form, storlek, placering eller ljud.",
    "1.3.4": "Innehållet går bara att visa med skärmen i ett visst läge, stående eller liggande.",
    "1.3.5": "Formulärfält för personuppgifter talar inte om vad de ska innehålla, så "
             "webbläsaren och hjälpmedel kan inte hjälpa till att fylla i dem.",
    "1.4.1": "Information visas bara med färg, så den som inte ser färger missar den.",
    "1.4.2": "Ljud som startar av sig självt går inte att stänga av eller sänka.",
    "1.4.3": "Text har för låg kontrast mot bakgrunden och är därför svår att läsa.",
    "1.4.4": "Text går inte att förstora till dubbel storlek utan att innehåll eller "
             "funktioner försvinner.",
    "1.4.5": "Text visas som bild och går inte att förstora eller anpassa.",
    "1.4.10": "Innehållet kräver att man rullar i sidled när fönstret är smalt eller "
              "sidan förstoras.",
    "1.4.11": "Knappar, fältramar, ikoner eller diagram har för låg kontrast mot bakgrunden.",
    "1.4.12": "Text klipps av eller överlappar när man ökar avståndet mellan rader, ord "
              "eller bokstäver.",
    "1.4.13": "Innehåll som visas när man pekar på eller flyttar fokus till något går inte "
              "att stänga eller att flytta pekaren till.",
    "2.1.1": "Delar av webbplatsen går inte att använda med tangentbord.",
    "2.1.2": "Tangentbordsfokus fastnar i en del av sidan.",
    "2.1.4": "Kortkommandon med enstaka tecken går inte att stänga av eller ändra.",
    "2.2.1": "Tidsgränser går inte att stänga av, förlänga eller ändra.",
    "2.2.2": "Innehåll som rör sig, blinkar eller uppdateras av sig självt går inte att "
             "pausa, stoppa eller dölja.",
    "2.3.1": "Innehåll blinkar mer än tre gånger per sekund och kan utlösa anfall.",
    "2.4.1": "Det går inte att hoppa förbi innehåll som upprepas, till exempel menyn, "
             "direkt till sidans huvudinnehåll.",
    "2.4.2": "Sidor saknar en titel som beskriver vad de handlar om.",
    "2.4.3": "Tangentbordsfokus flyttas i en ordning som gör sidan svår att förstå.",
    "2.4.4": "Länkar saknar en text som talar om vart de leder.",
    "2.4.5": "Det finns bara ett sätt att hitta sidorna, till exempel ingen sökfunktion "
             "eller webbplatskarta.",
    "2.4.6": "Rubriker eller etiketter beskriver inte innehållet eller vad fältet är till för.",
    "2.4.7": "Det syns inte var tangentbordsfokus är.",
    "2.5.1": "Funktioner kräver gester med flera fingrar eller i en viss bana och går inte "
             "att använda med ett enkelt tryck.",
    "2.5.2": "Funktioner startar redan när man trycker ned, utan möjlighet att ångra.",
    "2.5.3": "Det namn som hjälpmedel använder för en knapp eller länk innehåller inte den "
             "synliga texten, så den går inte att styra med rösten.",
    "2.5.4": "Funktioner styrs genom att skaka eller luta enheten och går inte att använda "
             "på annat sätt.",
    "3.1.1": "Sidans språk är inte rätt angivet i koden, så skärmläsare kan läsa upp texten "
             "med fel uttal.",
    "3.1.2": "Text på andra språk är inte rätt märkt, så skärmläsare läser upp den med fel uttal.",
    "3.2.1": "Något oväntat händer när ett element får fokus.",
    "3.2.2": "Något oväntat händer när man fyller i eller ändrar ett formulärfält.",
    "3.2.3": "Menyer och navigering ligger på olika ställen på olika sidor.",
    "3.2.4": "Samma funktion har olika namn på olika sidor.",
    "3.3.1": "Fel i formulär visas inte tydligt i text.",
    "3.3.2": "Formulärfält saknar etiketter eller instruktioner.",
    "3.3.3": "Felmeddelanden i formulär säger inte hur man rättar felet.",
    "3.3.4": "Det går inte att kontrollera, rätta eller ångra viktiga uppgifter innan de "
             "skickas.",
    "4.1.1": "Koden har fel som kan göra att hjälpmedel tolkar sidan fel.",
    "4.1.2": "Knappar, länkar, formulärfält eller andra delar saknar namn eller roll i "
             "koden, så skärmläsare och andra hjälpmedel kan inte tala om vad de är eller gör.",
    "4.1.3": "Meddelanden om vad som har hänt, till exempel att något har sparats, läses "
             "inte upp av skärmläsare.",
})
