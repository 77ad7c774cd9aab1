<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>QObject</name>
    <message>
        <source>%1 linked</source>
        <translation>%1 verknüpft</translation>
    </message>
    <message>
        <source>%1 NIL</source>
        <translation>%1 NIL</translation>
    </message>
    <message>
        <source>%1 ambiguous</source>
        <translation>%1 mehrdeutig</translation>
    </message>
    <message>
        <source>%1 unlabeled</source>
        <translation>%1 unbeschriftet</translation>
    </message>
    <message>
        <source>%1 by hand</source>
        <translation>%1 von Hand</translation>
    </message>
    <message>
        <source>no mentions</source>
        <translation>keine Erwähnungen</translation>
    </message>
    <message>
        <source>Add a mention</source>
        <translation>Erwähnung hinzufügen</translation>
    </message>
    <message>
        <source>Draw the region of mention %1</source>
        <translation>Bereich der Erwähnung %1 zeichnen</translation>
    </message>
    <message>
        <source>Remove the region of mention %1</source>
        <translation>Bereich der Erwähnung %1 entfernen</translation>
    </message>
    <message>
        <source>Name (WRatio baseline)</source>
        <translation>Name (WRatio-Baseline)</translation>
    </message>
    <message>
        <source>Ranks candidates by the fuzzy similarity of mention and entity name; no image, no training.</source>
        <translation>Ordnet Kandidaten nach der unscharfen Ähnlichkeit von Erwähnung und Entitätsname; ohne Bild, ohne Training.</translation>
    </message>
    <message>
        <source>%1: %2 samples, %3 mentions (%4 not found in their text), %5 images</source>
        <translation>%1: %2 Beispiele, %3 Erwähnungen (%4 nicht in ihrem Text gefunden), %5 Bilder</translation>
    </message>
    <message>
        <source>KB index: %1 entities</source>
        <translation>KB-Index: %1 Entitäten</translation>
    </message>
    <message>
        <source>demo data already imported</source>
        <translation>Demodaten bereits importiert</translation>
    </message>
    <message>
        <source>%1%2: %3 mentions in %4 s, Hits@1 %5, MRR %6</source>
        <translation>%1%2: %3 Erwähnungen in %4 s, Hits@1 %5, MRR %6</translation>
    </message>
    <message>
        <source>KB: %1 entities (%2 new, %3 updated), %4 aliases</source>
        <translation>KB: %1 Entitäten (%2 neu, %3 aktualisiert), %4 Aliasnamen</translation>
    </message>
    <message>
        <source>MELBench folder (round trip)</source>
        <translation>MELBench-Ordner (verlustfrei)</translation>
    </message>
    <message>
        <source>MELBench JSON file</source>
        <translation>MELBench-JSON-Datei</translation>
    </message>
    <message>
        <source>JSON Lines (everything)</source>
        <translation>JSON Lines (alles)</translation>
    </message>
    <message>
        <source>CSV (one row per mention)</source>
        <translation>CSV (eine Zeile pro Erwähnung)</translation>
    </message>
    <message>
        <source>exported %1 samples, %2 mentions (%3 labels changed) to %4</source>
        <translation>%1 Beispiele, %2 Erwähnungen (%3 Labels geändert) nach %4 exportiert</translation>
    </message>
    <message>
        <source>Not found in the text:</source>
        <translation>Nicht im Text gefunden:</translation>
    </message>
    <message>
        <source>Untrusted model file</source>
        <translation>Nicht vertrauenswürdige Modelldatei</translation>
    </message>
    <message>
        <source>%1 is not one of this project&apos;s own checkpoints.</source>
        <translation>%1 ist keiner der eigenen Checkpoints dieses Projekts.</translation>
    </message>
    <message>
        <source>A checkpoint can contain TorchScript code; only load files from people you trust.

%1</source>
        <translation>Ein Checkpoint kann TorchScript-Code enthalten; laden Sie nur Dateien von Personen, denen Sie vertrauen.

%1</translation>
    </message>
    <message>
        <source>Load anyway</source>
        <translation>Trotzdem laden</translation>
    </message>
    <message>
        <source>%1 checkpoint</source>
        <translation>%1-Checkpoint</translation>
    </message>
    <message>
        <source>, trained on %1</source>
        <translation>, trainiert auf %1</translation>
    </message>
    <message>
        <source>, best epoch %1</source>
        <translation>, beste Epoche %1</translation>
    </message>
    <message>
        <source>, dev Hits@1 %1, MRR %2</source>
        <translation>, Dev Hits@1 %1, MRR %2</translation>
    </message>
    <message>
        <source>dropped the stored entity features of %1 model(s)</source>
        <translation>gespeicherte Entitätsmerkmale von %1 Modell(en) verworfen</translation>
    </message>
    <message>
        <source>%1 model(s) with stored entity features</source>
        <translation>%1 Modell(e) mit gespeicherten Entitätsmerkmalen</translation>
    </message>
    <message>
        <source>Overlapping another mention:</source>
        <translation>Überlappt eine andere Erwähnung:</translation>
    </message>
    <message numerus="yes">
        <source>; %n warning(s), the first: %1</source>
        <translation>
            <numerusform>; %n Warnung, diese: %1</numerusform>
            <numerusform>; %n Warnungen, die erste: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mel::ui::AnnotationController</name>
    <message>
        <source>The candidates are still being ranked</source>
        <translation>Die Kandidaten werden noch geordnet</translation>
    </message>
    <message>
        <source>There is no candidate %1</source>
        <translation>Es gibt keinen Kandidaten %1</translation>
    </message>
    <message>
        <source>Link &quot;%1&quot; to %2 (%3)</source>
        <translation>„%1“ mit %2 (%3) verknüpfen</translation>
    </message>
    <message>
        <source>Label mention %1 as %2</source>
        <translation>Erwähnung %1 als %2 beschriften</translation>
    </message>
    <message>
        <source>Clear the label of mention %1</source>
        <translation>Label der Erwähnung %1 löschen</translation>
    </message>
    <message numerus="yes">
        <source>Link all %n &quot;%1&quot; mention(s) to %2</source>
        <translation>
            <numerusform>Die %n Erwähnung „%1“ mit %2 verknüpfen</numerusform>
            <numerusform>Alle %n Erwähnungen „%1“ mit %2 verknüpfen</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot; is writing to the project; label changes resume when it finishes</source>
        <translation>„%1“ schreibt in das Projekt; Label-Änderungen sind danach wieder möglich</translation>
    </message>
    <message>
        <source>The label could not be saved</source>
        <translation>Das Label konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is writing to the project; edits resume when it finishes</source>
        <translation>„%1“ schreibt in das Projekt; Bearbeiten ist danach wieder möglich</translation>
    </message>
    <message>
        <source>No mention added: the selection is empty or already a mention</source>
        <translation>Keine Erwähnung hinzugefügt: Die Auswahl ist leer oder bereits eine Erwähnung</translation>
    </message>
    <message numerus="yes">
        <source>Linked %n more &quot;%1&quot; mention(s) in the project to %2 (Ctrl+Z undoes them together)</source>
        <translation>
            <numerusform>%n weitere Erwähnung „%1“ im Projekt mit %2 verknüpft (Strg+Z macht sie rückgängig)</numerusform>
            <numerusform>%n weitere Erwähnungen „%1“ im Projekt mit %2 verknüpft (Strg+Z macht alle zusammen rückgängig)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n labelled otherwise by a person kept their label</source>
        <translation>
            <numerusform>; %n von einer Person anders beschriftete behielt ihr Label</numerusform>
            <numerusform>; %n von Personen anders beschriftete behielten ihr Label</numerusform>
        </translation>
    </message>
    <message>
        <source>Every other &quot;%1&quot; mention already has this label</source>
        <translation>Jede andere Erwähnung „%1“ hat dieses Label bereits</translation>
    </message>
    <message numerus="yes">
        <source>Linked %n more &quot;%1&quot; mention(s) in this dataset to %2 (Ctrl+Z undoes them together)</source>
        <translation>
            <numerusform>%n weitere Erwähnung „%1“ in diesem Datensatz mit %2 verknüpft (Strg+Z macht sie rückgängig)</numerusform>
            <numerusform>%n weitere Erwähnungen „%1“ in diesem Datensatz mit %2 verknüpft (Strg+Z macht alle zusammen rückgängig)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mel::ui::AttentionMatrixView</name>
    <message>
        <source>The active linker gives no attention maps</source>
        <translation>Der aktive Linker liefert keine Attention-Karten</translation>
    </message>
</context>
<context>
    <name>mel::ui::BrowserWidget</name>
    <message>
        <source>Search text…</source>
        <translation>Text suchen…</translation>
    </message>
    <message>
        <source>All label states</source>
        <translation>Alle Label-Zustände</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>Unbeschriftet</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>Verknüpft</translation>
    </message>
    <message>
        <source>NIL</source>
        <translation>NIL</translation>
    </message>
    <message>
        <source>Ambiguous</source>
        <translation>Mehrdeutig</translation>
    </message>
    <message>
        <source>Changed by a human</source>
        <translation>Von Hand geändert</translation>
    </message>
    <message>
        <source>Model disagrees with label</source>
        <translation>Modell widerspricht dem Label</translation>
    </message>
    <message>
        <source>Model uncertain (top-2 margin &lt; 0.05)</source>
        <translation>Modell unsicher (Abstand der ersten zwei &lt; 0,05)</translation>
    </message>
    <message>
        <source>Filter failed: %1</source>
        <translation>Filter fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>All datasets</source>
        <translation>Alle Datensätze</translation>
    </message>
    <message>
        <source>All splits</source>
        <translation>Alle Splits</translation>
    </message>
    <message>
        <source>(no split)</source>
        <translation>(kein Split)</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s)</source>
        <translation>
            <numerusform>%n Beispiel</numerusform>
            <numerusform>%n Beispiele</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) linked to %1</source>
        <translation>
            <numerusform>%n Beispiel mit %1 verknüpft</numerusform>
            <numerusform>%n Beispiele mit %1 verknüpft</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mel::ui::CandidateCard</name>
    <message>
        <source>no
image</source>
        <translation>kein
Bild</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>Wert %1</translation>
    </message>
    <message>
        <source>not ranked</source>
        <translation>nicht geordnet</translation>
    </message>
    <message>
        <source>✔ current label</source>
        <translation>✔ aktuelles Label</translation>
    </message>
</context>
<context>
    <name>mel::ui::CandidatePanel</name>
    <message>
        <source>Samples linked to this entity</source>
        <translation>Beispiele mit dieser Entität</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Apply to identical mentions</source>
        <translation>Auf gleiche Erwähnungen anwenden</translation>
    </message>
    <message>
        <source>Search the KB (name, alias, description)…</source>
        <translation>KB durchsuchen (Name, Alias, Beschreibung)…</translation>
    </message>
    <message>
        <source>Double-click or press Enter to link the mention to this entity</source>
        <translation>Doppelklick oder Eingabetaste verknüpft die Erwähnung mit dieser Entität</translation>
    </message>
    <message>
        <source>History of this mention</source>
        <translation>Verlauf dieser Erwähnung</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>&lt;i&gt;Select a sample, then a mention&lt;/i&gt;</source>
        <translation>&lt;i&gt;Wählen Sie ein Beispiel, dann eine Erwähnung&lt;/i&gt;</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>unbeschriftet</translation>
    </message>
    <message>
        <source>Mention %1/%2: &lt;b&gt;%3&lt;/b&gt;&lt;br&gt;Label: %4</source>
        <translation>Erwähnung %1/%2: &lt;b&gt;%3&lt;/b&gt;&lt;br&gt;Label: %4</translation>
    </message>
    <message>
        <source>Ranking candidates…</source>
        <translation>Kandidaten werden geordnet…</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s) ranked by %1; keys 1–9 accept</source>
        <translation>
            <numerusform>%n Kandidat geordnet von %1; Tasten 1–9 übernehmen</numerusform>
            <numerusform>%n Kandidaten geordnet von %1; Tasten 1–9 übernehmen</numerusform>
        </translation>
    </message>
    <message>
        <source>Show all %1 candidates</source>
        <translation>Alle %1 Kandidaten zeigen</translation>
    </message>
    <message>
        <source>NIL (%1)</source>
        <translation>NIL (%1)</translation>
    </message>
    <message>
        <source>Ambiguous (%1)</source>
        <translation>Mehrdeutig (%1)</translation>
    </message>
    <message>
        <source>Give the other mentions with the same surface text in this dataset this mention&apos;s label (labels a person gave stay)</source>
        <translation>Den anderen Erwähnungen mit demselben Text in diesem Datensatz das Label dieser Erwähnung geben (von Personen vergebene Labels bleiben)</translation>
    </message>
    <message>
        <source>In this dataset</source>
        <translation>In diesem Datensatz</translation>
    </message>
    <message>
        <source>In every dataset of the project</source>
        <translation>In allen Datensätzen des Projekts</translation>
    </message>
    <message>
        <source>In every dataset, replacing labels people gave</source>
        <translation>In allen Datensätzen, auch von Personen vergebene Labels ersetzen</translation>
    </message>
</context>
<context>
    <name>mel::ui::CheckpointProvider</name>
    <message>
        <source>the checkpoint changed since it was loaded; load it again (Model &gt; Load checkpoint) to check it</source>
        <translation>der Checkpoint hat sich seit dem Laden geändert; laden Sie ihn erneut (Modell &gt; Checkpoint laden), um ihn zu prüfen</translation>
    </message>
</context>
<context>
    <name>mel::ui::Colormap</name>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <source>Inferno</source>
        <translation>Inferno</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>Graustufen</translation>
    </message>
    <message>
        <source>Jet (blue to red)</source>
        <translation>Jet (blau bis rot)</translation>
    </message>
</context>
<context>
    <name>mel::ui::ExplainPanel</name>
    <message>
        <source>Gate weights</source>
        <translation>Gate-Gewichte</translation>
    </message>
    <message>
        <source>Per-unit scores (top candidates)</source>
        <translation>Werte je Einheit (beste Kandidaten)</translation>
    </message>
    <message>
        <source>Overlay on image</source>
        <translation>Über dem Bild zeigen</translation>
    </message>
    <message>
        <source>Attention (layer/head):</source>
        <translation>Attention (Schicht/Kopf):</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Gate weights (none)</source>
        <translation>Gate-Gewichte (keine)</translation>
    </message>
    <message>
        <source>%1 has no modality gates</source>
        <translation>%1 hat keine Modalitäts-Gates</translation>
    </message>
    <message>
        <source>This linker</source>
        <translation>Dieser Linker</translation>
    </message>
    <message>
        <source>Per-unit scores (top %1 candidates)</source>
        <translation>Werte je Einheit (beste %1 Kandidaten)</translation>
    </message>
    <message>
        <source>Per-unit scores (none)</source>
        <translation>Werte je Einheit (keine)</translation>
    </message>
</context>
<context>
    <name>mel::ui::ImageView</name>
    <message>
        <source>No image for this sample</source>
        <translation>Kein Bild zu diesem Beispiel</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Detected face</source>
        <translation>Erkanntes Gesicht</translation>
    </message>
</context>
<context>
    <name>mel::ui::ImportNotes</name>
    <message>
        <source>Images that cannot be decoded (kept as unreadable)</source>
        <translation>Bilder, die sich nicht dekodieren lassen (als unlesbar behalten)</translation>
    </message>
    <message>
        <source>Images the records name that are not there</source>
        <translation>Bilder, die Datensätze nennen, die aber fehlen</translation>
    </message>
    <message>
        <source>Mentions not found in their text (kept without span)</source>
        <translation>Erwähnungen, die nicht in ihrem Text gefunden wurden (ohne Spanne behalten)</translation>
    </message>
    <message>
        <source>Mentions sharing a span</source>
        <translation>Erwähnungen mit gemeinsamer Spanne</translation>
    </message>
    <message>
        <source>Region boxes reaching outside their image (kept as given)</source>
        <translation>Regionen, die über ihr Bild hinausreichen (unverändert behalten)</translation>
    </message>
    <message>
        <source>Answers missing from the knowledge graph</source>
        <translation>Antworten, die im Wissensgraphen fehlen</translation>
    </message>
    <message>
        <source>Ignored fields</source>
        <translation>Ignorierte Felder</translation>
    </message>
    <message>
        <source>Samples without split</source>
        <translation>Beispiele ohne Split</translation>
    </message>
    <message>
        <source>Ids in the splits file without a sample (ignored)</source>
        <translation>IDs in der Split-Datei ohne Beispiel (ignoriert)</translation>
    </message>
    <message>
        <source>Names without abstract</source>
        <translation>Namen ohne Kurzbeschreibung</translation>
    </message>
    <message>
        <source>Abstracts of unknown QIDs (skipped)</source>
        <translation>Kurzbeschreibungen unbekannter QIDs (übersprungen)</translation>
    </message>
    <message>
        <source>Aliases of unknown QIDs (skipped)</source>
        <translation>Aliasse unbekannter QIDs (übersprungen)</translation>
    </message>
    <message>
        <source>Aliases with an empty name (skipped)</source>
        <translation>Aliasse mit leerem Namen (übersprungen)</translation>
    </message>
    <message>
        <source>Names without a letter or digit (kept; no mention finds them)</source>
        <translation>Namen ohne Buchstaben oder Ziffer (behalten; keine Erwähnung findet sie)</translation>
    </message>
    <message>
        <source>Images that could not be decoded (used as no image; the import checks headers only)</source>
        <translation>Bilder, die sich nicht dekodieren ließen (als „kein Bild“ verwendet; der Import prüft nur die Kopfdaten)</translation>
    </message>
    <message>
        <source>Human or model labels read back with their annotators: %1</source>
        <translation>Menschliche oder Modell-Labels mit ihren Annotatoren zurückgelesen: %1</translation>
    </message>
</context>
<context>
    <name>mel::ui::Jobs</name>
    <message>
        <source>importing the knowledge graph</source>
        <translation>Wissensgraph wird importiert</translation>
    </message>
    <message>
        <source>importing samples</source>
        <translation>Beispiele werden importiert</translation>
    </message>
    <message>
        <source>building the candidate index</source>
        <translation>Kandidatenindex wird erstellt</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>the KB index is not ready yet (import a knowledge graph)</source>
        <translation>der KB-Index ist noch nicht bereit (importieren Sie einen Wissensgraphen)</translation>
    </message>
    <message>
        <source>exporting</source>
        <translation>Export läuft</translation>
    </message>
    <message>
        <source>%1 images scanned, %2 with faces, %3 faces stored (%4 unreadable)</source>
        <translation>%1 Bilder durchsucht, %2 mit Gesichtern, %3 Gesichter gespeichert (%4 unlesbar)</translation>
    </message>
    <message>
        <source>this build has no face detector</source>
        <translation>diese Version enthält keine Gesichtserkennung</translation>
    </message>
    <message>
        <source>%1 epochs, best epoch %2: dev Hits@1 %3, MRR %4 (%5 s)</source>
        <translation>%1 Epochen, beste Epoche %2: Dev Hits@1 %3, MRR %4 (%5 s)</translation>
    </message>
    <message>
        <source>this build has no learned linkers to train</source>
        <translation>diese Version enthält keine gelernten Linker zum Trainieren</translation>
    </message>
    <message>
        <source>dropping stored entity features</source>
        <translation>gespeicherte Entitätsmerkmale werden verworfen</translation>
    </message>
    <message>
        <source>deleting runs and their predictions</source>
        <translation>Läufe und ihre Vorhersagen werden gelöscht</translation>
    </message>
    <message numerus="yes">
        <source>deleted %n run(s) and %1 stored prediction(s)</source>
        <translation>
            <numerusform>%n Lauf und %1 gespeicherte Vorhersagen gelöscht</numerusform>
            <numerusform>%n Läufe und %1 gespeicherte Vorhersagen gelöscht</numerusform>
        </translation>
    </message>
    <message>
        <source>Images that could not be decoded: %1</source>
        <translation>Bilder, die sich nicht dekodieren ließen: %1</translation>
    </message>
</context>
<context>
    <name>mel::ui::MainWindow</name>
    <message>
        <source>MELStudio</source>
        <translation>MELStudio</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>Erklärung</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <source>%1 — MELStudio</source>
        <translation>%1 — MELStudio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>MELStudio projects (*.melproj)</source>
        <translation>MELStudio-Projekte (*.melproj)</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Import &amp;MELBench folder (dataset + KG)…</source>
        <translation>&amp;MELBench-Ordner importieren (Datensatz + KG)…</translation>
    </message>
    <message>
        <source>MELBench folder</source>
        <translation>MELBench-Ordner</translation>
    </message>
    <message>
        <source>Dataset name</source>
        <translation>Name des Datensatzes</translation>
    </message>
    <message>
        <source>Name in the project:</source>
        <translation>Name im Projekt:</translation>
    </message>
    <message>
        <source>Import &amp;JSON Lines samples…</source>
        <translation>Beispiele aus &amp;JSON Lines importieren…</translation>
    </message>
    <message>
        <source>JSON Lines file</source>
        <translation>JSON-Lines-Datei</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Import &amp;knowledge graph folder…</source>
        <translation>&amp;Wissensgraph-Ordner importieren…</translation>
    </message>
    <message>
        <source>Folder with qid2ne.json and qid2abs.json</source>
        <translation>Ordner mit qid2ne.json und qid2abs.json</translation>
    </message>
    <message>
        <source>&amp;Export labels</source>
        <translation>Labels &amp;exportieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Linker</source>
        <translation>&amp;Linker</translation>
    </message>
    <message>
        <source>Load &amp;checkpoint…</source>
        <translation>&amp;Checkpoint laden…</translation>
    </message>
    <message>
        <source>Linker checkpoint</source>
        <translation>Linker-Checkpoint</translation>
    </message>
    <message>
        <source>This build has no learned linkers (GHMF / MIMIC); the name baseline is used</source>
        <translation>Dieser Build enthält keine gelernten Linker (GHMF / MIMIC); die Namens-Baseline wird verwendet</translation>
    </message>
    <message>
        <source>Link &amp;all (browser&apos;s dataset)</source>
        <translation>&amp;Alle verknüpfen (Datensatz der Liste)</translation>
    </message>
    <message>
        <source>&amp;Evaluate (browser&apos;s dataset)</source>
        <translation>&amp;Evaluieren (Datensatz der Liste)</translation>
    </message>
    <message>
        <source>Run &amp;history…</source>
        <translation>&amp;Verlauf der Läufe…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit image</source>
        <translation>Bild ein&amp;passen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>1–9  accept candidate
%1  NIL (not in the KB)
%2  ambiguous
%3 / →  next mention (then next sample)
%4 / ←  previous mention
M  add a mention from the selected text
Shift+drag on the image  draw the selected mention&apos;s region
%5 / %6  next / previous sample
Ctrl+Z / Ctrl+Shift+Z  undo / redo
Ctrl+F  search the KB
Ctrl+Plus / Ctrl+Minus / Ctrl+0  zoom the image
(Edit &gt; Preferences changes the keys)</source>
        <translation>1–9  Kandidat übernehmen
%1  NIL (nicht in der KB)
%2  mehrdeutig
%3 / →  nächste Erwähnung (dann nächstes Beispiel)
%4 / ←  vorige Erwähnung
M  Erwähnung aus dem markierten Text hinzufügen
Umschalt+Ziehen im Bild  Bereich der gewählten Erwähnung zeichnen
%5 / %6  nächstes / voriges Beispiel
Strg+Z / Strg+Umschalt+Z  rückgängig / wiederherstellen
Strg+F  KB durchsuchen
Strg+Plus / Strg+Minus / Strg+0  Bild zoomen
(Bearbeiten &gt; Einstellungen ändert die Tasten)</translation>
    </message>
    <message>
        <source>The new language is used after restarting MELStudio</source>
        <translation>Die neue Sprache gilt nach einem Neustart von MELStudio</translation>
    </message>
    <message>
        <source>Select part of the sample text first</source>
        <translation>Markieren Sie zuerst einen Teil des Beispieltexts</translation>
    </message>
    <message>
        <source>Wait for &quot;%1&quot; to finish or cancel it first</source>
        <translation>Warten Sie, bis „%1“ fertig ist, oder brechen Sie es ab</translation>
    </message>
    <message>
        <source>Building the candidate index</source>
        <translation>Kandidatenindex wird erstellt</translation>
    </message>
    <message>
        <source>Importing the demo data</source>
        <translation>Demodaten werden importiert</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>Importieren: %1</translation>
    </message>
    <message>
        <source>Importing the knowledge graph</source>
        <translation>Wissensgraph wird importiert</translation>
    </message>
    <message>
        <source>Linking %1</source>
        <translation>Verknüpfen: %1</translation>
    </message>
    <message>
        <source>every dataset</source>
        <translation>alle Datensätze</translation>
    </message>
    <message>
        <source>Evaluating %1</source>
        <translation>Evaluieren: %1</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluierung</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>Exportieren: %1</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>Labels exportieren</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>In Ordner exportieren</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Datensatz:</translation>
    </message>
    <message>
        <source>Rank with a trained GHMF or MIMIC checkpoint</source>
        <translation>Mit einem trainierten GHMF- oder MIMIC-Checkpoint ordnen</translation>
    </message>
    <message>
        <source>Linker: %1</source>
        <translation>Linker: %1</translation>
    </message>
    <message>
        <source>Load checkpoint</source>
        <translation>Checkpoint laden</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is still running</source>
        <translation>„%1“ läuft noch</translation>
    </message>
    <message>
        <source>Cannot import %1: drop a .melproj, a MELBench folder or a .jsonl file</source>
        <translation>%1 kann nicht importiert werden: Ziehen Sie eine .melproj-Datei, einen MELBench-Ordner oder eine .jsonl-Datei hierher</translation>
    </message>
    <message>
        <source>&amp;Train…</source>
        <translation>&amp;Trainieren…</translation>
    </message>
    <message>
        <source>&amp;Retrain with corrected labels…</source>
        <translation>Mit korrigierten Labels &amp;neu trainieren…</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>&amp;Bild</translation>
    </message>
    <message>
        <source>Detect &amp;faces (browser&apos;s dataset)</source>
        <translation>&amp;Gesichter erkennen (Datensatz der Übersicht)</translation>
    </message>
    <message>
        <source>Find faces in the images with OpenCV and store them as regions</source>
        <translation>Gesichter in den Bildern mit OpenCV finden und als Regionen speichern</translation>
    </message>
    <message>
        <source>This build has no face detector</source>
        <translation>Diese Version enthält keine Gesichtserkennung</translation>
    </message>
    <message>
        <source>Detecting faces in %1</source>
        <translation>Gesichtserkennung: %1</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Train a GHMF or MIMIC linker on a dataset&apos;s train split</source>
        <translation>Einen GHMF- oder MIMIC-Linker auf dem Train-Split eines Datensatzes trainieren</translation>
    </message>
    <message>
        <source>This build has no learned linkers (GHMF / MIMIC)</source>
        <translation>Diese Version enthält keine gelernten Linker (GHMF / MIMIC)</translation>
    </message>
    <message>
        <source>The GPU is preferred but no CUDA device is available: learned linkers run on the CPU</source>
        <translation>Die GPU ist bevorzugt, aber kein CUDA-Gerät ist verfügbar: gelernte Linker laufen auf der CPU</translation>
    </message>
    <message>
        <source>Untrusted model file</source>
        <translation>Nicht vertrauenswürdige Modelldatei</translation>
    </message>
    <message>
        <source>%1 is not in this project&apos;s checkpoints folder and was not trusted before; a checkpoint can contain TorchScript code, only load files from people you trust</source>
        <translation>%1 liegt nicht im Checkpoint-Ordner dieses Projekts und wurde bisher nicht als vertrauenswürdig bestätigt; ein Checkpoint kann TorchScript-Code enthalten, laden Sie nur Dateien von Personen, denen Sie vertrauen</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>Laden: %1</translation>
    </message>
    <message>
        <source>Linker: %1 (%2)</source>
        <translation>Linker: %1 (%2)</translation>
    </message>
    <message>
        <source>Checkpoints not loaded again (missing, changed or unreadable): %1</source>
        <translation>Nicht erneut geladene Checkpoints (fehlend, geändert oder unlesbar): %1</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Import a dataset with train and dev splits first</source>
        <translation>Importieren Sie zuerst einen Datensatz mit Train- und Dev-Split</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>Neu trainieren</translation>
    </message>
    <message>
        <source>The active linker is not a trained checkpoint; use Train… instead</source>
        <translation>Der aktive Linker ist kein trainierter Checkpoint; verwenden Sie stattdessen Trainieren…</translation>
    </message>
    <message>
        <source>%1: no such TorchScript file</source>
        <translation>%1: TorchScript-Datei nicht gefunden</translation>
    </message>
    <message>
        <source>Training %1 on %2</source>
        <translation>Training: %1 auf %2</translation>
    </message>
    <message>
        <source>Finished: %1 epochs, best epoch %2 with dev Hits@1 %3, MRR %4</source>
        <translation>Fertig: %1 Epochen, beste Epoche %2 mit Dev Hits@1 %3, MRR %4</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>Training beendet</translation>
    </message>
    <message>
        <source>The new linker ranks the candidates now. Link all mentions of the dataset with it, so that the browser&apos;s filters use its predictions?</source>
        <translation>Der neue Linker rankt jetzt die Kandidaten. Alle Erwähnungen des Datensatzes damit verknüpfen, damit die Filter der Übersicht seine Vorhersagen nutzen?</translation>
    </message>
    <message>
        <source>Link all</source>
        <translation>Alle verknüpfen</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Nicht jetzt</translation>
    </message>
    <message>
        <source>%1: all %2 KB entities encoded, so a ranking now only encodes its mention</source>
        <translation>%1: alle %2 KB-Entitäten kodiert, eine Rangfolge kodiert jetzt nur noch ihre Erwähnung</translation>
    </message>
    <message>
        <source>%1: all %2 KB entities ready (%3 read from the project), so a ranking now only encodes its mention</source>
        <translation>%1: alle %2 KB-Entitäten bereit (%3 aus dem Projekt gelesen), eine Rangfolge kodiert jetzt nur noch ihre Erwähnung</translation>
    </message>
    <message>
        <source>Stored entity &amp;features…</source>
        <translation>Gespeicherte Entitäts&amp;merkmale…</translation>
    </message>
    <message>
        <source>The encoded KB entities the project keeps per checkpoint, so the KB is not encoded again; drop them to get the space back</source>
        <translation>Die kodierten KB-Entitäten, die das Projekt je Checkpoint aufbewahrt, damit die KB nicht erneut kodiert wird; verwerfen gibt den Platz frei</translation>
    </message>
    <message>
        <source>%1, %2 entities, %3 MiB, last used %4
    %5</source>
        <translation>%1, %2 Entitäten, %3 MiB, zuletzt verwendet %4
    %5</translation>
    </message>
    <message>
        <source>Stored entity features</source>
        <translation>Gespeicherte Entitätsmerkmale</translation>
    </message>
    <message>
        <source>The project keeps no encoded entity features.</source>
        <translation>Das Projekt bewahrt keine kodierten Entitätsmerkmale auf.</translation>
    </message>
    <message>
        <source>Drop all</source>
        <translation>Alle verwerfen</translation>
    </message>
    <message>
        <source>Dropping stored entity features</source>
        <translation>Gespeicherte Entitätsmerkmale verwerfen</translation>
    </message>
    <message>
        <source>Every link and training run of the project with its figures; delete old runs and their stored predictions</source>
        <translation>Alle Verknüpfungs- und Trainingsläufe des Projekts mit ihren Kennzahlen; alte Läufe und ihre gespeicherten Vorhersagen löschen</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>Läufe löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) and their stored predictions? Checkpoint files stay on disk.</source>
        <translation>
            <numerusform>%n Lauf und seine gespeicherten Vorhersagen löschen? Checkpoint-Dateien bleiben erhalten.</numerusform>
            <numerusform>%n Läufe und ihre gespeicherten Vorhersagen löschen? Checkpoint-Dateien bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n run(s)</source>
        <translation>
            <numerusform>%n Lauf wird gelöscht</numerusform>
            <numerusform>%n Läufe werden gelöscht</numerusform>
        </translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Nothing was undone; the change stays and leaves the undo history: %1</source>
        <translation>Nichts wurde rückgängig gemacht; die Änderung bleibt und verlässt den Rückgängig-Verlauf: %1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <source>The change was not written to the project: %1</source>
        <translation>Die Änderung wurde nicht in das Projekt geschrieben: %1</translation>
    </message>
    <message>
        <source>%1 finished. Some records were skipped or need a look:</source>
        <translation>%1 abgeschlossen. Einige Datensätze wurden übersprungen oder verdienen einen Blick:</translation>
    </message>
    <message>
        <source>%1 (read-only) — MELStudio</source>
        <translation>%1 (schreibgeschützt) — MELStudio</translation>
    </message>
    <message>
        <source>This project can only be read here: labels and other changes cannot be saved. Copy it to a writable folder to annotate.</source>
        <translation>Dieses Projekt kann hier nur gelesen werden: Labels und andere Änderungen lassen sich nicht speichern. Kopieren Sie es zum Annotieren in einen beschreibbaren Ordner.</translation>
    </message>
</context>
<context>
    <name>mel::ui::ModelRunsDialog</name>
    <message>
        <source>finished</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <source>Model runs</source>
        <translation>Modellläufe</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Linker</source>
        <translation>Linker</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Hits@1</source>
        <translation>Hits@1</translation>
    </message>
    <message>
        <source>MRR</source>
        <translation>MRR</translation>
    </message>
    <message>
        <source>Recall@K</source>
        <translation>Recall@K</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>Erwähnungen</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>&amp;Delete selected runs…</source>
        <translation>Ausgewählte Läufe &amp;löschen…</translation>
    </message>
    <message>
        <source>Delete the selected runs and their stored predictions (checkpoint files stay on disk)</source>
        <translation>Die ausgewählten Läufe und ihre gespeicherten Vorhersagen löschen (Checkpoint-Dateien bleiben erhalten)</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>linking</source>
        <translation>Verknüpfung</translation>
    </message>
    <message>
        <source>No runs yet. Model &gt; Link all stores one; so does every training.</source>
        <translation>Noch keine Läufe. Modell &gt; Alle verknüpfen speichert einen, ebenso jedes Training.</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), newest first. Training runs show their best epoch on dev.</source>
        <translation>
            <numerusform>%n Lauf, neueste zuerst. Trainingsläufe zeigen ihre beste Epoche auf Dev.</numerusform>
            <numerusform>%n Läufe, neueste zuerst. Trainingsläufe zeigen ihre beste Epoche auf Dev.</numerusform>
        </translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
</context>
<context>
    <name>mel::ui::Preferences</name>
    <message>
        <source>NIL (not in the KB)</source>
        <translation>NIL (nicht in der KB)</translation>
    </message>
    <message>
        <source>Ambiguous</source>
        <translation>Mehrdeutig</translation>
    </message>
    <message>
        <source>Next mention</source>
        <translation>Nächste Erwähnung</translation>
    </message>
    <message>
        <source>Previous mention</source>
        <translation>Vorige Erwähnung</translation>
    </message>
    <message>
        <source>Next sample</source>
        <translation>Nächstes Beispiel</translation>
    </message>
    <message>
        <source>Previous sample</source>
        <translation>Voriges Beispiel</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
</context>
<context>
    <name>mel::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>GPU (CUDA, not available)</source>
        <translation>GPU (CUDA, nicht verfügbar)</translation>
    </message>
    <message>
        <source>Where learned linkers (GHMF / MIMIC) rank and train; the name baseline always uses the CPU</source>
        <translation>Wo gelernte Linker (GHMF / MIMIC) ordnen und trainieren; die Namens-Baseline nutzt immer die CPU</translation>
    </message>
    <message>
        <source>Top-K candidates from the KB index: shown in the candidate panel (at most 30 cards) and ranked by Link all</source>
        <translation>Top-K-Kandidaten aus dem KB-Index: in der Kandidatenliste gezeigt (höchstens 30 Karten) und von „Alle verknüpfen“ geordnet</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Annotator name:</source>
        <translation>Name des Annotators:</translation>
    </message>
    <message>
        <source>Default linker:</source>
        <translation>Standard-Linker:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Candidate count:</source>
        <translation>Anzahl der Kandidaten:</translation>
    </message>
    <message>
        <source>Heatmap colours:</source>
        <translation>Heatmap-Farben:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>A new language is used after restarting MELStudio.</source>
        <translation>Eine neue Sprache gilt nach einem Neustart von MELStudio.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Accept candidate 1–9:</source>
        <translation>Kandidat 1–9 übernehmen:</translation>
    </message>
    <message>
        <source>1 – 9 (fixed)</source>
        <translation>1 – 9 (fest)</translation>
    </message>
    <message>
        <source>Restore the default shortcuts</source>
        <translation>Standard-Tastenkürzel wiederherstellen</translation>
    </message>
    <message>
        <source>These keys are used twice: %1</source>
        <translation>Diese Tasten sind doppelt belegt: %1</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>Automatisch (GPU, wenn vorhanden)</translation>
    </message>
</context>
<context>
    <name>mel::ui::RankingService</name>
    <message>
        <source>the KB index is not ready (import a knowledge graph)</source>
        <translation>der KB-Index ist nicht bereit (importieren Sie einen Wissensgraphen)</translation>
    </message>
    <message>
        <source>no linker selected</source>
        <translation>kein Linker ausgewählt</translation>
    </message>
</context>
<context>
    <name>mel::ui::RunHistoryTable</name>
    <message>
        <source>trained</source>
        <translation>trainiert</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Linker</source>
        <translation>Linker</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Dev Hits@1</source>
        <translation>Dev Hits@1</translation>
    </message>
    <message>
        <source>Dev MRR</source>
        <translation>Dev MRR</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Double-click a run to rank with its checkpoint</source>
        <translation>Doppelklick auf einen Lauf rankt mit seinem Checkpoint</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <source>The process that ran it ended before the run finished (killed or crashed)</source>
        <translation>Der Prozess, der ihn ausführte, endete vor dem Ende des Laufs (beendet oder abgestürzt)</translation>
    </message>
</context>
<context>
    <name>mel::ui::SampleTableModel</name>
    <message>
        <source>image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
</context>
<context>
    <name>mel::ui::SampleTextView</name>
    <message>
        <source>Add mention from selection (M)</source>
        <translation>Erwähnung aus Auswahl hinzufügen (M)</translation>
    </message>
</context>
<context>
    <name>mel::ui::TrainingCurves</name>
    <message>
        <source>Training loss</source>
        <translation>Trainings-Loss</translation>
    </message>
    <message>
        <source>Dev metrics per epoch</source>
        <translation>Dev-Metriken je Epoche</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>geglättet</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>MRR</source>
        <translation>MRR</translation>
    </message>
    <message>
        <source>Hits@1</source>
        <translation>Hits@1</translation>
    </message>
</context>
<context>
    <name>mel::ui::TrainingDialog</name>
    <message>
        <source>Train a linker</source>
        <translation>Linker trainieren</translation>
    </message>
    <message>
        <source>Retrain the linker</source>
        <translation>Linker neu trainieren</translation>
    </message>
    <message>
        <source>Same linker and model configuration as %1, trained on the current labels (your corrections override the dataset&apos;s).</source>
        <translation>Gleicher Linker und gleiche Modellkonfiguration wie %1, trainiert auf den aktuellen Labels (Ihre Korrekturen ersetzen die des Datensatzes).</translation>
    </message>
    <message>
        <source>Dataset (train split; dev selects the epoch):</source>
        <translation>Datensatz (Train-Split; Dev wählt die Epoche):</translation>
    </message>
    <message>
        <source>MIMIC (text, image and cross-modal units)</source>
        <translation>MIMIC (Text-, Bild- und modalitätsübergreifende Einheiten)</translation>
    </message>
    <message>
        <source>GHMF (hierarchical co-attention, gated fusion)</source>
        <translation>GHMF (hierarchische Co-Attention, Gated Fusion)</translation>
    </message>
    <message>
        <source>Linker:</source>
        <translation>Linker:</translation>
    </message>
    <message>
        <source>Epochs (at most; early stopping on dev MRR):</source>
        <translation>Epochen (höchstens; Early Stopping nach Dev-MRR):</translation>
    </message>
    <message>
        <source>Mentions per batch:</source>
        <translation>Erwähnungen pro Batch:</translation>
    </message>
    <message>
        <source>Learning rate (AdamW):</source>
        <translation>Lernrate (AdamW):</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Training mentions (for a quick try):</source>
        <translation>Trainings-Erwähnungen (für einen schnellen Versuch):</translation>
    </message>
    <message>
        <source>Text encoder (TorchScript, optional):</source>
        <translation>Text-Encoder (TorchScript, optional):</translation>
    </message>
    <message>
        <source>Image encoder (TorchScript, optional):</source>
        <translation>Bild-Encoder (TorchScript, optional):</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <source>from scratch</source>
        <translation>von Grund auf</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>TorchScript encoder</source>
        <translation>TorchScript-Encoder</translation>
    </message>
    <message>
        <source>TorchScript files (*.pt *.ts);;All files (*)</source>
        <translation>TorchScript-Dateien (*.pt *.ts);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>mel::ui::TrainingPanel</name>
    <message>
        <source>Train…</source>
        <translation>Trainieren…</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>Neu trainieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Train the active checkpoint&apos;s linker and configuration again on the current labels</source>
        <translation>Linker und Konfiguration des aktiven Checkpoints erneut auf den aktuellen Labels trainieren</translation>
    </message>
    <message>
        <source>Training %1 on %2…</source>
        <translation>Training: %1 auf %2…</translation>
    </message>
    <message>
        <source>Epoch %1: loss %2, dev Hits@1 %3, MRR %4</source>
        <translation>Epoche %1: Loss %2, Dev Hits@1 %3, MRR %4</translation>
    </message>
    <message>
        <source>Active linker: %1</source>
        <translation>Aktiver Linker: %1</translation>
    </message>
</context>
<context>
    <name>melstudio</name>
    <message>
        <source>MELStudio: multimodal entity linking annotation</source>
        <translation>MELStudio: Annotation für multimodales Entity Linking</translation>
    </message>
    <message>
        <source>Open (or create) this project file.</source>
        <translation>Diese Projektdatei öffnen (oder anlegen).</translation>
    </message>
    <message>
        <source>Open the demo project (created from resources/demo on first use; the default). With --project, import the demo into that file.</source>
        <translation>Das Demoprojekt öffnen (beim ersten Mal aus resources/demo angelegt; Standard). Mit --project die Demodaten in diese Datei importieren.</translation>
    </message>
    <message>
        <source>Save screenshots of the main views into DIR, then quit.</source>
        <translation>Bildschirmfotos der Hauptansichten in DIR speichern, dann beenden.</translation>
    </message>
    <message>
        <source>Project file to open (same as --project).</source>
        <translation>Zu öffnende Projektdatei (wie --project).</translation>
    </message>
    <message>
        <source>Expected at most one project file, got %1</source>
        <translation>Höchstens eine Projektdatei erwartet, %1 erhalten</translation>
    </message>
</context>
</TS>
