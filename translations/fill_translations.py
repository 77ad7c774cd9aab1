#!/usr/bin/env python3
"""Fills translations/melstudio_{de,zh_CN}.ts from the tables below (run after `ninja mel_ui_lupdate` adds strings).

Every source text of the GUI needs an entry in both tables; the script fails on a missing one, so no .ts file is
left with an unfinished entry. Plural texts (%n) give a list: German [singular, plural], Chinese [one form].
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent

# source: (German, Simplified Chinese)
T = {
    '%1 linked': ('%1 verknüpft', '%1 已链接'),
    '%1 NIL': ('%1 NIL', '%1 NIL'),
    '%1 ambiguous': ('%1 mehrdeutig', '%1 有歧义'),
    '%1 unlabeled': ('%1 unbeschriftet', '%1 未标注'),
    '%1 by hand': ('%1 von Hand', '%1 人工'),
    'no mentions': ('keine Erwähnungen', '无提及'),
    'Add a mention': ('Erwähnung hinzufügen', '添加提及'),
    'Draw the region of mention %1': ('Bereich der Erwähnung %1 zeichnen', '绘制提及 %1 的区域'),
    'Remove the region of mention %1': ('Bereich der Erwähnung %1 entfernen', '移除提及 %1 的区域'),
    'Name (WRatio baseline)': ('Name (WRatio-Baseline)', '名称（WRatio 基线）'),
    'Ranks candidates by the fuzzy similarity of mention and entity name; no image, no training.':
        ('Ordnet Kandidaten nach der unscharfen Ähnlichkeit von Erwähnung und Entitätsname; ohne Bild, ohne Training.',
         '按提及与实体名称的模糊相似度对候选排序；不使用图像，无需训练。'),
    '%1: %2 samples, %3 mentions (%4 not found in their text), %5 images':
        ('%1: %2 Beispiele, %3 Erwähnungen (%4 nicht in ihrem Text gefunden), %5 Bilder',
         '%1：%2 个样本，%3 个提及（%4 个未在文本中找到），%5 张图像'),
    'KB index: %1 entities': ('KB-Index: %1 Entitäten', '知识库索引：%1 个实体'),
    'demo data already imported': ('Demodaten bereits importiert', '演示数据已导入'),
    '%1%2: %3 mentions in %4 s, Hits@1 %5, MRR %6':
        ('%1%2: %3 Erwähnungen in %4 s, Hits@1 %5, MRR %6', '%1%2：%3 个提及，用时 %4 秒，Hits@1 %5，MRR %6'),
    'KB: %1 entities (%2 new), %3 aliases': ('KB: %1 Entitäten (%2 neu), %3 Aliasnamen', '知识库：%1 个实体（%2 个新增），%3 个别名'),
    'MELBench folder (round trip)': ('MELBench-Ordner (verlustfrei)', 'MELBench 文件夹（可往返）'),
    'MELBench JSON file': ('MELBench-JSON-Datei', 'MELBench JSON 文件'),
    'JSON Lines (everything)': ('JSON Lines (alles)', 'JSON Lines（全部）'),
    'CSV (one row per mention)': ('CSV (eine Zeile pro Erwähnung)', 'CSV（每个提及一行）'),
    'exported %1 samples, %2 mentions (%3 labels changed) to %4':
        ('%1 Beispiele, %2 Erwähnungen (%3 Labels geändert) nach %4 exportiert',
         '已导出 %1 个样本、%2 个提及（%3 个标签已更改）到 %4'),
    '; %n warning(s), the first: %1': (['; %n Warnung, diese: %1', '; %n Warnungen, die erste: %1'],
                                       ['；%n 条警告，第一条：%1']),
    'Not found in the text:': ('Nicht im Text gefunden:', '未在文本中找到：'),
    'The candidates are still being ranked': ('Die Kandidaten werden noch geordnet', '候选仍在排序中'),
    'There is no candidate %1': ('Es gibt keinen Kandidaten %1', '没有候选 %1'),
    'Link "%1" to %2 (%3)': ('„%1“ mit %2 (%3) verknüpfen', '将“%1”链接到 %2（%3）'),
    'Label mention %1 as %2': ('Erwähnung %1 als %2 beschriften', '将提及 %1 标注为 %2'),
    'Clear the label of mention %1': ('Label der Erwähnung %1 löschen', '清除提及 %1 的标签'),
    'Every "%1" mention already has this label': ('Jede Erwähnung „%1“ hat dieses Label bereits', '所有“%1”提及都已有此标签'),
    'Link all %n "%1" mention(s) to %2': (['Die %n Erwähnung „%1“ mit %2 verknüpfen', 'Alle %n Erwähnungen „%1“ mit %2 verknüpfen'],
                                          ['将全部 %n 个“%1”提及链接到 %2']),
    '"%1" is writing to the project; label changes resume when it finishes':
        ('„%1“ schreibt in das Projekt; Label-Änderungen sind danach wieder möglich',
         '“%1”正在写入项目；完成后才能继续修改标签'),
    'The label could not be saved': ('Das Label konnte nicht gespeichert werden', '无法保存标签'),
    '"%1" is writing to the project; edits resume when it finishes':
        ('„%1“ schreibt in das Projekt; Bearbeiten ist danach wieder möglich', '“%1”正在写入项目；完成后才能继续编辑'),
    'No mention added: the selection is empty or already a mention':
        ('Keine Erwähnung hinzugefügt: Die Auswahl ist leer oder bereits eine Erwähnung', '未添加提及：所选内容为空或已是提及'),
    'The active linker gives no attention maps': ('Der aktive Linker liefert keine Attention-Karten', '当前链接器不提供注意力图'),
    'Search text…': ('Text suchen…', '搜索文本…'),
    'All label states': ('Alle Label-Zustände', '所有标签状态'),
    'Unlabeled': ('Unbeschriftet', '未标注'),
    'Linked': ('Verknüpft', '已链接'),
    'NIL': ('NIL', 'NIL'),
    'Ambiguous': ('Mehrdeutig', '有歧义'),
    'Changed by a human': ('Von Hand geändert', '人工修改'),
    'Model disagrees with label': ('Modell widerspricht dem Label', '模型与标签不一致'),
    'Model uncertain (top-2 margin < 0.05)': ('Modell unsicher (Abstand der ersten zwei < 0,05)', '模型不确定（前两名差距 < 0.05）'),
    'Filter failed: %1': ('Filter fehlgeschlagen: %1', '筛选失败：%1'),
    'All datasets': ('Alle Datensätze', '所有数据集'),
    'All splits': ('Alle Splits', '所有划分'),
    '(no split)': ('(kein Split)', '（无划分）'),
    '%n sample(s)': (['%n Beispiel', '%n Beispiele'], ['%n 个样本']),
    '%n sample(s) linked to %1': (['%n Beispiel mit %1 verknüpft', '%n Beispiele mit %1 verknüpft'], ['%n 个样本链接到 %1']),
    'no\nimage': ('kein\nBild', '无\n图像'),
    '✔ current label': ('✔ aktuelles Label', '✔ 当前标签'),
    '%1: all %2 KB entities encoded, so a ranking now only encodes its mention': (
        '%1: alle %2 KB-Entitäten kodiert, eine Rangfolge kodiert jetzt nur noch ihre Erwähnung',
        '%1：已编码全部 %2 个知识库实体，排序现在只需编码提及'),
    '%1: all %2 KB entities ready (%3 read from the project), so a ranking now only encodes its mention': (
        '%1: alle %2 KB-Entitäten bereit (%3 aus dem Projekt gelesen), eine Rangfolge kodiert jetzt nur noch ihre Erwähnung',
        '%1：全部 %2 个知识库实体已就绪（%3 个读自项目），排序现在只需编码提及'),
    'dropped the stored entity features of %1 model(s)': ('gespeicherte Entitätsmerkmale von %1 Modell(en) verworfen',
        '已删除 %1 个模型的已存实体特征'),
    '%1 model(s) with stored entity features': ('%1 Modell(e) mit gespeicherten Entitätsmerkmalen',
        '%1 个模型有已存实体特征'),
    'dropping stored entity features': ('gespeicherte Entitätsmerkmale werden verworfen',
        '正在删除已存实体特征'),
    'Stored entity &features…': ('Gespeicherte Entitäts&merkmale…',
        '已存实体特征(&F)…'),
    'The encoded KB entities the project keeps per checkpoint, so the KB is not encoded again; drop them to get the space back': ('Die kodierten KB-Entitäten, die das Projekt je Checkpoint aufbewahrt, damit die KB nicht erneut kodiert wird; verwerfen gibt den Platz frei',
        '项目按检查点保存的已编码知识库实体，使知识库无需重新编码；删除即可释放空间'),
    '%1, %2 entities, %3 MiB, last used %4\n    %5': ('%1, %2 Entitäten, %3 MiB, zuletzt verwendet %4\n    %5',
        '%1，%2 个实体，%3 MiB，最近使用 %4\n    %5'),
    'Stored entity features': ('Gespeicherte Entitätsmerkmale',
        '已存实体特征'),
    'The project keeps no encoded entity features.': ('Das Projekt bewahrt keine kodierten Entitätsmerkmale auf.',
        '项目未保存已编码的实体特征。'),
    'Drop all': ('Alle verwerfen',
        '全部删除'),
    'Dropping stored entity features': ('Gespeicherte Entitätsmerkmale verwerfen',
        '删除已存实体特征'),
    'Automatic (GPU when available)': ('Automatisch (GPU, wenn vorhanden)', '自动（有 GPU 时使用 GPU）'),
    'score %1': ('Wert %1', '得分 %1'),
    'not ranked': ('nicht geordnet', '未排序'),
    'Samples linked to this entity': ('Beispiele mit dieser Entität', '链接到此实体的样本'),
    'NIL (N)': ('NIL (N)', 'NIL (N)'),
    'Ambiguous (A)': ('Mehrdeutig (A)', '有歧义 (A)'),
    'NIL (%1)': ('NIL (%1)', 'NIL (%1)'),
    'Ambiguous (%1)': ('Mehrdeutig (%1)', '有歧义 (%1)'),
    'Clear': ('Löschen', '清除'),
    'Apply to identical mentions': ('Auf gleiche Erwähnungen anwenden', '应用到相同提及'),
    "Give every mention with the same surface text this mention's label":
        ('Jeder Erwähnung mit demselben Text das Label dieser Erwähnung geben', '为所有表面文本相同的提及设置此提及的标签'),
    'Search the KB (name, alias, description)…': ('KB durchsuchen (Name, Alias, Beschreibung)…', '搜索知识库（名称、别名、描述）…'),
    'Double-click or press Enter to link the mention to this entity':
        ('Doppelklick oder Eingabetaste verknüpft die Erwähnung mit dieser Entität', '双击或按回车将提及链接到此实体'),
    'History of this mention': ('Verlauf dieser Erwähnung', '此提及的历史'),
    'Search failed: %1': ('Suche fehlgeschlagen: %1', '搜索失败：%1'),
    '<i>Select a sample, then a mention</i>': ('<i>Wählen Sie ein Beispiel, dann eine Erwähnung</i>', '<i>请先选择一个样本，再选择一个提及</i>'),
    'unlabeled': ('unbeschriftet', '未标注'),
    'Mention %1/%2: <b>%3</b><br>Label: %4': ('Erwähnung %1/%2: <b>%3</b><br>Label: %4', '提及 %1/%2：<b>%3</b><br>标签：%4'),
    'Ranking candidates…': ('Kandidaten werden geordnet…', '正在排序候选…'),
    '%n candidate(s) ranked by %1; keys 1–9 accept': (['%n Kandidat geordnet von %1; Tasten 1–9 übernehmen',
                                                      '%n Kandidaten geordnet von %1; Tasten 1–9 übernehmen'],
                                                     ['%1 已排序 %n 个候选；按 1–9 接受']),
    'Show all %1 candidates': ('Alle %1 Kandidaten zeigen', '显示全部 %1 个候选'),
    'Viridis': ('Viridis', 'Viridis'),
    'Inferno': ('Inferno', 'Inferno'),
    'Grayscale': ('Graustufen', '灰度'),
    'Jet (blue to red)': ('Jet (blau bis rot)', 'Jet（蓝到红）'),
    'Gate weights': ('Gate-Gewichte', '门控权重'),
    'Per-unit scores (top candidates)': ('Werte je Einheit (beste Kandidaten)', '各单元得分（前几名候选）'),
    'Overlay on image': ('Über dem Bild zeigen', '叠加到图像'),
    'Attention (layer/head):': ('Attention (Schicht/Kopf):', '注意力（层/头）：'),
    'Opacity': ('Deckkraft', '不透明度'),
    'weight': ('Gewicht', '权重'),
    'Gate weights (none)': ('Gate-Gewichte (keine)', '门控权重（无）'),
    '%1 has no modality gates': ('%1 hat keine Modalitäts-Gates', '%1 没有模态门控'),
    'This linker': ('Dieser Linker', '此链接器'),
    'Per-unit scores (top %1 candidates)': ('Werte je Einheit (beste %1 Kandidaten)', '各单元得分（前 %1 名候选）'),
    'Per-unit scores (none)': ('Werte je Einheit (keine)', '各单元得分（无）'),
    'No image for this sample': ('Kein Bild zu diesem Beispiel', '此样本没有图像'),
    'Cannot read %1: %2': ('%1 kann nicht gelesen werden: %2', '无法读取 %1：%2'),
    'MELStudio': ('MELStudio', 'MELStudio'),
    'Samples': ('Beispiele', '样本'),
    'Candidates': ('Kandidaten', '候选'),
    'Explain': ('Erklärung', '解释'),
    'Cancel': ('Abbrechen', '取消'),
    'cancelled': ('abgebrochen', '已取消'),
    '%1: cancelled': ('%1: abgebrochen', '%1：已取消'),
    '%1 — MELStudio': ('%1 — MELStudio', '%1 — MELStudio'),
    '&File': ('&Datei', '文件(&F)'),
    '&New project…': ('&Neues Projekt…', '新建项目(&N)…'),
    'New project': ('Neues Projekt', '新建项目'),
    'MELStudio projects (*.melproj)': ('MELStudio-Projekte (*.melproj)', 'MELStudio 项目 (*.melproj)'),
    '&Open project…': ('Projekt ö&ffnen…', '打开项目(&O)…'),
    'Open project': ('Projekt öffnen', '打开项目'),
    'Open &recent': ('&Zuletzt geöffnet', '最近打开(&R)'),
    'Import &MELBench folder (dataset + KG)…': ('&MELBench-Ordner importieren (Datensatz + KG)…', '导入 MELBench 文件夹（数据集 + 知识图谱）(&M)…'),
    'MELBench folder': ('MELBench-Ordner', 'MELBench 文件夹'),
    'Dataset name': ('Name des Datensatzes', '数据集名称'),
    'Name in the project:': ('Name im Projekt:', '项目中的名称：'),
    'Import &JSON Lines samples…': ('Beispiele aus &JSON Lines importieren…', '导入 JSON Lines 样本(&J)…'),
    'JSON Lines file': ('JSON-Lines-Datei', 'JSON Lines 文件'),
    'JSON Lines (*.jsonl)': ('JSON Lines (*.jsonl)', 'JSON Lines (*.jsonl)'),
    'Import &knowledge graph folder…': ('&Wissensgraph-Ordner importieren…', '导入知识图谱文件夹(&K)…'),
    'Folder with qid2ne.json and qid2abs.json': ('Ordner mit qid2ne.json und qid2abs.json', '包含 qid2ne.json 和 qid2abs.json 的文件夹'),
    '&Export labels': ('Labels &exportieren', '导出标签(&E)'),
    '&Quit': ('&Beenden', '退出(&Q)'),
    '&Edit': ('&Bearbeiten', '编辑(&E)'),
    '&Undo': ('&Rückgängig', '撤销(&U)'),
    '&Redo': ('&Wiederherstellen', '重做(&R)'),
    '&Preferences…': ('&Einstellungen…', '首选项(&P)…'),
    '&Model': ('&Modell', '模型(&M)'),
    '&Linker': ('&Linker', '链接器(&L)'),
    'Load &checkpoint…': ('&Checkpoint laden…', '加载检查点(&C)…'),
    'Linker checkpoint': ('Linker-Checkpoint', '链接器检查点'),
    'This build has no learned linkers (GHMF / MIMIC); the name baseline is used':
        ('Dieser Build enthält keine gelernten Linker (GHMF / MIMIC); die Namens-Baseline wird verwendet',
         '此版本不含学习型链接器（GHMF / MIMIC）；使用名称基线'),
    "Link &all (browser's dataset)": ('&Alle verknüpfen (Datensatz der Liste)', '全部链接（浏览器中的数据集）(&A)'),
    "&Evaluate (browser's dataset)": ('&Evaluieren (Datensatz der Liste)', '评估（浏览器中的数据集）(&E)'),
    '&Train / Retrain with corrected labels': ('&Trainieren / mit korrigierten Labels nachtrainieren', '训练 / 用修正后的标签重新训练(&T)'),
    'Training needs a learned linker (GHMF / MIMIC from the models layer), which is not wired into the GUI yet; use melstudio-cli to train':
        ('Training braucht einen gelernten Linker (GHMF / MIMIC aus der Modellschicht), der noch nicht an die GUI '
         'angebunden ist; trainieren Sie mit melstudio-cli',
         '训练需要学习型链接器（模型层的 GHMF / MIMIC），它尚未接入图形界面；请使用 melstudio-cli 训练'),
    'Run &history…': ('&Verlauf der Läufe…', '运行历史(&H)…'),
    'Model runs': ('Modellläufe', '模型运行'),
    'No runs yet': ('Noch keine Läufe', '尚无运行'),
    '&View': ('&Ansicht', '视图(&V)'),
    'Zoom &in': ('Ver&größern', '放大(&I)'),
    'Zoom &out': ('Ver&kleinern', '缩小(&O)'),
    '&Fit image': ('Bild ein&passen', '适应图像(&F)'),
    '&Help': ('&Hilfe', '帮助(&H)'),
    '&Keyboard shortcuts': ('&Tastenkürzel', '键盘快捷键(&K)'),
    'Keyboard shortcuts': ('Tastenkürzel', '键盘快捷键'),
    "1–9  accept candidate\n%1  NIL (not in the KB)\n%2  ambiguous\n%3 / →  next mention (then next sample)\n%4 / ←  previous mention\nM  add a mention from the selected text\nShift+drag on the image  draw the selected mention's region\n%5 / %6  next / previous sample\nCtrl+Z / Ctrl+Shift+Z  undo / redo\nCtrl+F  search the KB\nCtrl+Plus / Ctrl+Minus / Ctrl+0  zoom the image\n(Edit > Preferences changes the keys)":
        ("1–9  Kandidat übernehmen\n%1  NIL (nicht in der KB)\n%2  mehrdeutig\n%3 / →  nächste Erwähnung (dann nächstes Beispiel)\n"
         "%4 / ←  vorige Erwähnung\nM  Erwähnung aus dem markierten Text hinzufügen\n"
         "Umschalt+Ziehen im Bild  Bereich der gewählten Erwähnung zeichnen\n%5 / %6  nächstes / voriges Beispiel\n"
         "Strg+Z / Strg+Umschalt+Z  rückgängig / wiederherstellen\nStrg+F  KB durchsuchen\n"
         "Strg+Plus / Strg+Minus / Strg+0  Bild zoomen\n(Bearbeiten > Einstellungen ändert die Tasten)",
         "1–9  接受候选\n%1  NIL（不在知识库中）\n%2  有歧义\n%3 / →  下一个提及（然后下一个样本）\n"
         "%4 / ←  上一个提及\nM  从所选文本添加提及\nShift+在图像上拖动  绘制所选提及的区域\n"
         "%5 / %6  下一个 / 上一个样本\nCtrl+Z / Ctrl+Shift+Z  撤销 / 重做\nCtrl+F  搜索知识库\n"
         "Ctrl+加号 / Ctrl+减号 / Ctrl+0  缩放图像\n（编辑 > 首选项 可修改按键）"),
    'The new language is used after restarting MELStudio': ('Die neue Sprache gilt nach einem Neustart von MELStudio', '新语言将在重启 MELStudio 后生效'),
    'Select part of the sample text first': ('Markieren Sie zuerst einen Teil des Beispieltexts', '请先选择样本文本的一部分'),
    'Wait for "%1" to finish or cancel it first': ('Warten Sie, bis „%1“ fertig ist, oder brechen Sie es ab', '请等待“%1”完成或先取消它'),
    'Building the candidate index': ('Kandidatenindex wird erstellt', '正在构建候选索引'),
    'Importing the demo data': ('Demodaten werden importiert', '正在导入演示数据'),
    'Importing %1': ('Importieren: %1', '正在导入 %1'),
    'Importing the knowledge graph': ('Wissensgraph wird importiert', '正在导入知识图谱'),
    'Linking %1': ('Verknüpfen: %1', '正在链接 %1'),
    'every dataset': ('alle Datensätze', '所有数据集'),
    'Evaluating %1': ('Evaluieren: %1', '正在评估 %1'),
    'Evaluation': ('Evaluierung', '评估'),
    'Exporting %1': ('Exportieren: %1', '正在导出 %1'),
    'Export labels': ('Labels exportieren', '导出标签'),
    'Export into folder': ('In Ordner exportieren', '导出到文件夹'),
    'Export to': ('Exportieren nach', '导出到'),
    'Dataset:': ('Datensatz:', '数据集：'),
    'Rank with a trained GHMF or MIMIC checkpoint': ('Mit einem trainierten GHMF- oder MIMIC-Checkpoint ordnen', '使用训练好的 GHMF 或 MIMIC 检查点排序'),
    'Linker: %1': ('Linker: %1', '链接器：%1'),
    'Load checkpoint': ('Checkpoint laden', '加载检查点'),
    '"%1" is still running': ('„%1“ läuft noch', '“%1”仍在运行'),
    'Cannot import %1: drop a .melproj, a MELBench folder or a .jsonl file':
        ('%1 kann nicht importiert werden: Ziehen Sie eine .melproj-Datei, einen MELBench-Ordner oder eine .jsonl-Datei hierher',
         '无法导入 %1：请拖入 .melproj 文件、MELBench 文件夹或 .jsonl 文件'),
    'NIL (not in the KB)': ('NIL (nicht in der KB)', 'NIL（不在知识库中）'),
    'Next mention': ('Nächste Erwähnung', '下一个提及'),
    'Previous mention': ('Vorige Erwähnung', '上一个提及'),
    'Next sample': ('Nächstes Beispiel', '下一个样本'),
    'Previous sample': ('Voriges Beispiel', '上一个样本'),
    'System': ('System', '跟随系统'),
    'Preferences': ('Einstellungen', '首选项'),
    'CPU': ('CPU', 'CPU'),
    'GPU (CUDA)': ('GPU (CUDA)', 'GPU（CUDA）'),
    'GPU (CUDA, not available)': ('GPU (CUDA, nicht verfügbar)', 'GPU（CUDA，不可用）'),
    'Where learned linkers (GHMF / MIMIC) rank and train; the name baseline always uses the CPU':
        ('Wo gelernte Linker (GHMF / MIMIC) ordnen und trainieren; die Namens-Baseline nutzt immer die CPU',
         '学习型链接器（GHMF / MIMIC）排序和训练所用的设备；名称基线始终使用 CPU'),
    'Top-K candidates from the KB index: shown in the candidate panel (at most 30 cards) and ranked by Link all':
        ('Top-K-Kandidaten aus dem KB-Index: in der Kandidatenliste gezeigt (höchstens 30 Karten) und von „Alle verknüpfen“ geordnet',
         '从知识库索引取前 K 个候选：显示在候选面板中（最多 30 张卡片），并由“全部链接”排序'),
    'General': ('Allgemein', '常规'),
    'Annotator name:': ('Name des Annotators:', '标注者姓名：'),
    'Default linker:': ('Standard-Linker:', '默认链接器：'),
    'Device:': ('Gerät:', '设备：'),
    'Candidate count:': ('Anzahl der Kandidaten:', '候选数量：'),
    'Heatmap colours:': ('Heatmap-Farben:', '热力图配色：'),
    'Language:': ('Sprache:', '语言：'),
    'A new language is used after restarting MELStudio.': ('Eine neue Sprache gilt nach einem Neustart von MELStudio.', '新语言将在重启 MELStudio 后生效。'),
    'Accept candidate 1–9:': ('Kandidat 1–9 übernehmen:', '接受候选 1–9：'),
    '1 – 9 (fixed)': ('1 – 9 (fest)', '1 – 9（固定）'),
    'Restore the default shortcuts': ('Standard-Tastenkürzel wiederherstellen', '恢复默认快捷键'),
    'These keys are used twice: %1': ('Diese Tasten sind doppelt belegt: %1', '这些按键被重复使用：%1'),
    'the KB index is not ready (import a knowledge graph)': ('der KB-Index ist nicht bereit (importieren Sie einen Wissensgraphen)', '知识库索引尚未就绪（请导入知识图谱）'),
    'importing the knowledge graph': ('Wissensgraph wird importiert', '正在导入知识图谱'),
    'importing samples': ('Beispiele werden importiert', '正在导入样本'),
    'building the candidate index': ('Kandidatenindex wird erstellt', '正在构建候选索引'),
    'done': ('fertig', '完成'),
    'exporting': ('Export läuft', '正在导出'),
    'the KB index is not ready yet (import a knowledge graph)': ('der KB-Index ist noch nicht bereit (importieren Sie einen Wissensgraphen)', '知识库索引尚未就绪（请导入知识图谱）'),
    'no linker selected': ('kein Linker ausgewählt', '未选择链接器'),
    'image': ('Bild', '图像'),
    'Dataset': ('Datensatz', '数据集'),
    'Id': ('ID', 'ID'),
    'Split': ('Split', '划分'),
    'Labels': ('Labels', '标签'),
    'Image': ('Bild', '图像'),
    'Text': ('Text', '文本'),
    'Add mention from selection (M)': ('Erwähnung aus Auswahl hinzufügen (M)', '从所选内容添加提及 (M)'),
    'MELStudio: multimodal entity linking annotation': ('MELStudio: Annotation für multimodales Entity Linking', 'MELStudio：多模态实体链接标注'),
    'Open (or create) this project file.': ('Diese Projektdatei öffnen (oder anlegen).', '打开（或创建）此项目文件。'),
    'Open the demo project (created from resources/demo on first use; the default). With --project, import the demo into that file.':
        ('Das Demoprojekt öffnen (beim ersten Mal aus resources/demo angelegt; Standard). Mit --project die Demodaten in diese Datei importieren.',
         '打开演示项目（首次使用时由 resources/demo 创建；默认行为）。与 --project 一起使用时，将演示数据导入该文件。'),
    'Save screenshots of the main views into DIR, then quit.': ('Bildschirmfotos der Hauptansichten in DIR speichern, dann beenden.', '将主要视图的截图保存到 DIR，然后退出。'),
    'Project file to open (same as --project).': ('Zu öffnende Projektdatei (wie --project).', '要打开的项目文件（同 --project）。'),
    'Expected at most one project file, got %1': ('Höchstens eine Projektdatei erwartet, %1 erhalten', '最多只能指定一个项目文件，实际为 %1 个'),
    'Images that cannot be decoded (kept as unreadable)': ('Bilder, die sich nicht dekodieren lassen (als unlesbar behalten)', '无法解码的图像（保留为不可读）'),
    'Images the records name that are not there': ('Bilder, die Datensätze nennen, die aber fehlen', '记录中提到但不存在的图像'),
    'Mentions not found in their text (kept without span)': ('Erwähnungen, die nicht in ihrem Text gefunden wurden (ohne Spanne behalten)', '未在文本中找到的提及（保留，无区间）'),
    'Mentions sharing a span': ('Erwähnungen mit gemeinsamer Spanne', '共享同一区间的提及'),
    'Region boxes reaching outside their image (kept as given)': ('Regionen, die über ihr Bild hinausreichen (unverändert behalten)', '超出图像范围的区域框（按原样保留）'),
    'Answers missing from the knowledge graph': ('Antworten, die im Wissensgraphen fehlen', '知识图谱中缺少的答案'),
    'Ignored fields': ('Ignorierte Felder', '忽略的字段'),
    'Samples without split': ('Beispiele ohne Split', '没有划分的样本'),
    'Ids in the splits file without a sample (ignored)': ('IDs in der Split-Datei ohne Beispiel (ignoriert)', '划分文件中没有对应样本的 ID（已忽略）'),
    'Names without abstract': ('Namen ohne Kurzbeschreibung', '没有摘要的名称'),
    'Abstracts of unknown QIDs (skipped)': ('Kurzbeschreibungen unbekannter QIDs (übersprungen)', '未知 QID 的摘要（已跳过）'),
    'Aliases of unknown QIDs (skipped)': ('Aliasse unbekannter QIDs (übersprungen)', '未知 QID 的别名（已跳过）'),
    'Aliases with an empty name (skipped)': ('Aliasse mit leerem Namen (übersprungen)', '名称为空的别名（已跳过）'),
    '%1 finished. Some records were skipped or need a look:': ('%1 abgeschlossen. Einige Datensätze wurden übersprungen oder verdienen einen Blick:', '%1 已完成。有些记录被跳过或需要查看：'),
    'Images that could not be decoded: %1': ('Bilder, die sich nicht dekodieren ließen: %1', '无法解码的图像：%1'),
    'Names without a letter or digit (kept; no mention finds them)': ('Namen ohne Buchstaben oder Ziffer (behalten; keine Erwähnung findet sie)', '不含字母或数字的名称（保留；任何提及都找不到它们）'),
    'Images that could not be decoded (used as no image; the import checks headers only)': ('Bilder, die sich nicht dekodieren ließen (als „kein Bild“ verwendet; der Import prüft nur die Kopfdaten)', '无法解码的图像（按“无图像”处理；导入时只检查文件头）'),
    'Human or model labels read back with their annotators: %1': ('Menschliche oder Modell-Labels mit ihren Annotatoren zurückgelesen: %1', '连同标注者一起读回的人工或模型标注：%1'),
    '%1 (read-only) — MELStudio': ('%1 (schreibgeschützt) — MELStudio', '%1（只读）— MELStudio'),
    'This project can only be read here: labels and other changes cannot be saved. Copy it to a writable folder to annotate.': ('Dieses Projekt kann hier nur gelesen werden: Labels und andere Änderungen lassen sich nicht speichern. Kopieren Sie es zum Annotieren in einen beschreibbaren Ordner.', '此项目在这里只能读取：标注和其他更改无法保存。要进行标注，请将其复制到可写的文件夹。'),
}

def fill(ts: Path, column: int, language: str) -> list:
    tree = ET.parse(ts)
    tree.getroot().set('language', language)
    missing = []
    for message in tree.getroot().iter('message'):
        source = message.find('source').text or ''
        translation = message.find('translation')
        if source not in T:
            missing.append(source)
            continue
        value = T[source][column]
        for key in list(translation.attrib):
            del translation.attrib[key]
        for child in list(translation):
            translation.remove(child)
        if message.get('numerus') == 'yes':
            forms = value if isinstance(value, list) else [value]
            translation.text = None
            for form in forms:
                ET.SubElement(translation, 'numerusform').text = form
        else:
            translation.text = value
    body = ET.tostring(tree.getroot(), encoding='unicode')
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + '\n', encoding='utf-8')
    return missing

def main() -> int:
    missing = fill(HERE / 'melstudio_de.ts', 0, 'de') + fill(HERE / 'melstudio_zh_CN.ts', 1, 'zh_CN')
    for source in sorted(set(missing)):
        print(f'no translation for: {source!r}', file=sys.stderr)
    return 1 if missing else 0

if __name__ == '__main__':
    sys.exit(main())
