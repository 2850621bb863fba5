// Älvbyns kommun: the events calendar (Evenemangskalender).
//
// The page is served with a "Laddar evenemang …" placeholder in #kalender; this
// script puts the calendar, as the events system exports it, in its place. So the
// calendar's text and its links exist only in the page as the browser renders it,
// never in the HTML the server sends: the demo's test of klarsyn's rendered view.
//
// It runs once the document is parsed (the page loads it with defer), never from a
// timer: klarsyn cancels the page's pending timers after load. tests/test_demo_site.py
// reads CONTENT from this file (the markup between the backticks) to check the page
// as rendered without a browser, so CONTENT stays one plain template literal.
"use strict";

const CONTENT = `
<p>I kalendern nedan redovisas de arrangemang som under vintersäsongen anordnas av Kultur- och fritidsförvaltningen samt av de föreningar och studieförbund som erhållit kommunalt verksamhetsbidrag, varvid det åligger respektive arrangör att tillhandahålla fullständiga uppgifter om tidpunkt, lokalisering och eventuella avgifter till förvaltningen senast fyra veckor före arrangemangets genomförande.</p>
<ul class="evenemangslista">
<li>
<h2>Vinterfest på Stora torget</h2>
<p>Lördag 12 december klockan 14–20, Stora torget.</p>
<p>Vinterfesten anordnas i samverkan med centrumföreningen och det lokala näringslivet, och besökare erbjuds marknadsstånd, musikframträdanden samt aktiviteter riktade till barn och ungdomar. Deltagande förutsätter ingen föranmälan.</p>
<p><a href="/kultur-och-fritid/evenemangskalender/vinterfest/">Läs mer</a></p>
</li>
<li>
<h2>Julkonsert med kulturskolan</h2>
<p>Söndag 20 december klockan 16, Folkets hus.</p>
<p>Biljetter erhålls i Folkets hus biljettkassa mot erläggande av en avgift om 80 kronor. Den som innehar kommunens fritidskort erbjuds reducerat pris vid uppvisande av giltigt kort.</p>
</li>
<li>
<h2>Skridskodisco i ishallen</h2>
<p>Fredag 8 januari klockan 18–21, Älvbyns ishall.</p>
<p>Allmänheten bereds tillfälle till skridskoåkning till musik, varvid hjälm ska bäras av samtliga deltagare under femton års ålder. Skridskor tillhandahålls i begränsad omfattning och utlånas i mån av tillgång.</p>
</li>
<li>
<h2>Föreläsning om flottningens historia</h2>
<p>Tisdag 19 januari klockan 18.30, huvudbiblioteket.</p>
<p>Föreläsningen genomförs av hembygdsföreningen och behandlar flottningsverksamhetens betydelse för bygdens ekonomiska utveckling. Antalet platser är begränsat, varför föranmälan ska inkomma till biblioteket senast tre dagar före föreläsningen.</p>
</li>
</ul>
<p>Förvaltningen förbehåller sig rätten att vidta förändringar i programmet utan föregående meddelande. Upplysningar om tillgänglighet för personer med funktionsnedsättning lämnas av respektive arrangör.</p>
`;

function showCalendar() {
  // CONTENT is this file's own constant markup, not input from anywhere.
  document.getElementById("kalender").innerHTML = CONTENT;
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", showCalendar);
} else {
  showCalendar();
}
