<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>%1 linked</source>
        <translation>%1 已链接</translation>
    </message>
    <message>
        <source>%1 NIL</source>
        <translation>%1 NIL</translation>
    </message>
    <message>
        <source>%1 ambiguous</source>
        <translation>%1 有歧义</translation>
    </message>
    <message>
        <source>%1 unlabeled</source>
        <translation>%1 未标注</translation>
    </message>
    <message>
        <source>%1 by hand</source>
        <translation>%1 人工</translation>
    </message>
    <message>
        <source>no mentions</source>
        <translation>无提及</translation>
    </message>
    <message>
        <source>Add a mention</source>
        <translation>添加提及</translation>
    </message>
    <message>
        <source>Draw the region of mention %1</source>
        <translation>绘制提及 %1 的区域</translation>
    </message>
    <message>
        <source>Remove the region of mention %1</source>
        <translation>移除提及 %1 的区域</translation>
    </message>
    <message>
        <source>Name (WRatio baseline)</source>
        <translation>名称（WRatio 基线）</translation>
    </message>
    <message>
        <source>Ranks candidates by the fuzzy similarity of mention and entity name; no image, no training.</source>
        <translation>按提及与实体名称的模糊相似度对候选排序；不使用图像，无需训练。</translation>
    </message>
    <message>
        <source>%1: %2 samples, %3 mentions (%4 not found in their text), %5 images</source>
        <translation>%1：%2 个样本，%3 个提及（%4 个未在文本中找到），%5 张图像</translation>
    </message>
    <message>
        <source>KB index: %1 entities</source>
        <translation>知识库索引：%1 个实体</translation>
    </message>
    <message>
        <source>demo data already imported</source>
        <translation>演示数据已导入</translation>
    </message>
    <message>
        <source>%1%2: %3 mentions in %4 s, Hits@1 %5, MRR %6</source>
        <translation>%1%2：%3 个提及，用时 %4 秒，Hits@1 %5，MRR %6</translation>
    </message>
    <message>
        <source>KB: %1 entities (%2 new, %3 updated), %4 aliases</source>
        <translation>知识库：%1 个实体（%2 个新增，%3 个已更新），%4 个别名</translation>
    </message>
    <message>
        <source>MELBench folder (round trip)</source>
        <translation>MELBench 文件夹（可往返）</translation>
    </message>
    <message>
        <source>MELBench JSON file</source>
        <translation>MELBench JSON 文件</translation>
    </message>
    <message>
        <source>JSON Lines (everything)</source>
        <translation>JSON Lines（全部）</translation>
    </message>
    <message>
        <source>CSV (one row per mention)</source>
        <translation>CSV（每个提及一行）</translation>
    </message>
    <message>
        <source>exported %1 samples, %2 mentions (%3 labels changed) to %4</source>
        <translation>已导出 %1 个样本、%2 个提及（%3 个标签已更改）到 %4</translation>
    </message>
    <message>
        <source>Not found in the text:</source>
        <translation>未在文本中找到：</translation>
    </message>
    <message>
        <source>Untrusted model file</source>
        <translation>不受信任的模型文件</translation>
    </message>
    <message>
        <source>%1 is not one of this project&apos;s own checkpoints.</source>
        <translation>%1 不是本项目自己的检查点。</translation>
    </message>
    <message>
        <source>A checkpoint can contain TorchScript code; only load files from people you trust.

%1</source>
        <translation>检查点可能包含 TorchScript 代码；只加载您信任的人提供的文件。

%1</translation>
    </message>
    <message>
        <source>Load anyway</source>
        <translation>仍然加载</translation>
    </message>
    <message>
        <source>%1 checkpoint</source>
        <translation>%1 检查点</translation>
    </message>
    <message>
        <source>, trained on %1</source>
        <translation>，训练于 %1</translation>
    </message>
    <message>
        <source>, best epoch %1</source>
        <translation>，最佳轮次 %1</translation>
    </message>
    <message>
        <source>, dev Hits@1 %1, MRR %2</source>
        <translation>，验证集 Hits@1 %1，MRR %2</translation>
    </message>
    <message>
        <source>dropped the stored entity features of %1 model(s)</source>
        <translation>已删除 %1 个模型的已存实体特征</translation>
    </message>
    <message>
        <source>%1 model(s) with stored entity features</source>
        <translation>%1 个模型有已存实体特征</translation>
    </message>
    <message>
        <source>Overlapping another mention:</source>
        <translation>与其他提及重叠：</translation>
    </message>
    <message numerus="yes">
        <source>; %n warning(s), the first: %1</source>
        <translation>
            <numerusform>；%n 条警告，第一条：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mel::ui::AnnotationController</name>
    <message>
        <source>The candidates are still being ranked</source>
        <translation>候选仍在排序中</translation>
    </message>
    <message>
        <source>There is no candidate %1</source>
        <translation>没有候选 %1</translation>
    </message>
    <message>
        <source>Link &quot;%1&quot; to %2 (%3)</source>
        <translation>将“%1”链接到 %2（%3）</translation>
    </message>
    <message>
        <source>Label mention %1 as %2</source>
        <translation>将提及 %1 标注为 %2</translation>
    </message>
    <message>
        <source>Clear the label of mention %1</source>
        <translation>清除提及 %1 的标签</translation>
    </message>
    <message numerus="yes">
        <source>Link all %n &quot;%1&quot; mention(s) to %2</source>
        <translation>
            <numerusform>将全部 %n 个“%1”提及链接到 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot; is writing to the project; label changes resume when it finishes</source>
        <translation>“%1”正在写入项目；完成后才能继续修改标签</translation>
    </message>
    <message>
        <source>The label could not be saved</source>
        <translation>无法保存标签</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is writing to the project; edits resume when it finishes</source>
        <translation>“%1”正在写入项目；完成后才能继续编辑</translation>
    </message>
    <message>
        <source>No mention added: the selection is empty or already a mention</source>
        <translation>未添加提及：所选内容为空或已是提及</translation>
    </message>
    <message numerus="yes">
        <source>Linked %n more &quot;%1&quot; mention(s) in the project to %2 (Ctrl+Z undoes them together)</source>
        <translation>
            <numerusform>已将项目中另外 %n 个“%1”提及链接到 %2（Ctrl+Z 一并撤销）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n labelled otherwise by a person kept their label</source>
        <translation>
            <numerusform>；%n 个由人工标注为其他值的提及保留了原标签</numerusform>
        </translation>
    </message>
    <message>
        <source>Every other &quot;%1&quot; mention already has this label</source>
        <translation>其他所有“%1”提及都已是该标签</translation>
    </message>
    <message numerus="yes">
        <source>Linked %n more &quot;%1&quot; mention(s) in this dataset to %2 (Ctrl+Z undoes them together)</source>
        <translation>
            <numerusform>已将本数据集中另外 %n 个“%1”提及链接到 %2（Ctrl+Z 可一并撤销）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mel::ui::AttentionMatrixView</name>
    <message>
        <source>The active linker gives no attention maps</source>
        <translation>当前链接器不提供注意力图</translation>
    </message>
</context>
<context>
    <name>mel::ui::BrowserWidget</name>
    <message>
        <source>Search text…</source>
        <translation>搜索文本…</translation>
    </message>
    <message>
        <source>All label states</source>
        <translation>所有标签状态</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>已链接</translation>
    </message>
    <message>
        <source>NIL</source>
        <translation>NIL</translation>
    </message>
    <message>
        <source>Ambiguous</source>
        <translation>有歧义</translation>
    </message>
    <message>
        <source>Changed by a human</source>
        <translation>人工修改</translation>
    </message>
    <message>
        <source>Model disagrees with label</source>
        <translation>模型与标签不一致</translation>
    </message>
    <message>
        <source>Model uncertain (top-2 margin &lt; 0.05)</source>
        <translation>模型不确定（前两名差距 &lt; 0.05）</translation>
    </message>
    <message>
        <source>Filter failed: %1</source>
        <translation>筛选失败：%1</translation>
    </message>
    <message>
        <source>All datasets</source>
        <translation>所有数据集</translation>
    </message>
    <message>
        <source>All splits</source>
        <translation>所有划分</translation>
    </message>
    <message>
        <source>(no split)</source>
        <translation>（无划分）</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s)</source>
        <translation>
            <numerusform>%n 个样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) linked to %1</source>
        <translation>
            <numerusform>%n 个样本链接到 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mel::ui::CandidateCard</name>
    <message>
        <source>no
image</source>
        <translation>无
图像</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>得分 %1</translation>
    </message>
    <message>
        <source>not ranked</source>
        <translation>未排序</translation>
    </message>
    <message>
        <source>✔ current label</source>
        <translation>✔ 当前标签</translation>
    </message>
</context>
<context>
    <name>mel::ui::CandidatePanel</name>
    <message>
        <source>Samples linked to this entity</source>
        <translation>链接到此实体的样本</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Apply to identical mentions</source>
        <translation>应用到相同提及</translation>
    </message>
    <message>
        <source>Search the KB (name, alias, description)…</source>
        <translation>搜索知识库（名称、别名、描述）…</translation>
    </message>
    <message>
        <source>Double-click or press Enter to link the mention to this entity</source>
        <translation>双击或按回车将提及链接到此实体</translation>
    </message>
    <message>
        <source>History of this mention</source>
        <translation>此提及的历史</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <source>&lt;i&gt;Select a sample, then a mention&lt;/i&gt;</source>
        <translation>&lt;i&gt;请先选择一个样本，再选择一个提及&lt;/i&gt;</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>Mention %1/%2: &lt;b&gt;%3&lt;/b&gt;&lt;br&gt;Label: %4</source>
        <translation>提及 %1/%2：&lt;b&gt;%3&lt;/b&gt;&lt;br&gt;标签：%4</translation>
    </message>
    <message>
        <source>Ranking candidates…</source>
        <translation>正在排序候选…</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s) ranked by %1; keys 1–9 accept</source>
        <translation>
            <numerusform>%1 已排序 %n 个候选；按 1–9 接受</numerusform>
        </translation>
    </message>
    <message>
        <source>Show all %1 candidates</source>
        <translation>显示全部 %1 个候选</translation>
    </message>
    <message>
        <source>NIL (%1)</source>
        <translation>NIL (%1)</translation>
    </message>
    <message>
        <source>Ambiguous (%1)</source>
        <translation>有歧义 (%1)</translation>
    </message>
    <message>
        <source>Give the other mentions with the same surface text in this dataset this mention&apos;s label (labels a person gave stay)</source>
        <translation>将本数据集中表面文本相同的其他提及设为该提及的标签（人工给出的标签保持不变）</translation>
    </message>
    <message>
        <source>In this dataset</source>
        <translation>在本数据集中</translation>
    </message>
    <message>
        <source>In every dataset of the project</source>
        <translation>在项目的所有数据集中</translation>
    </message>
    <message>
        <source>In every dataset, replacing labels people gave</source>
        <translation>在所有数据集中，并替换人工给出的标签</translation>
    </message>
</context>
<context>
    <name>mel::ui::CheckpointProvider</name>
    <message>
        <source>the checkpoint changed since it was loaded; load it again (Model &gt; Load checkpoint) to check it</source>
        <translation>检查点自加载后已更改；请重新加载（模型 &gt; 加载检查点）以进行检查</translation>
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
        <translation>灰度</translation>
    </message>
    <message>
        <source>Jet (blue to red)</source>
        <translation>Jet（蓝到红）</translation>
    </message>
</context>
<context>
    <name>mel::ui::ExplainPanel</name>
    <message>
        <source>Gate weights</source>
        <translation>门控权重</translation>
    </message>
    <message>
        <source>Per-unit scores (top candidates)</source>
        <translation>各单元得分（前几名候选）</translation>
    </message>
    <message>
        <source>Overlay on image</source>
        <translation>叠加到图像</translation>
    </message>
    <message>
        <source>Attention (layer/head):</source>
        <translation>注意力（层/头）：</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Gate weights (none)</source>
        <translation>门控权重（无）</translation>
    </message>
    <message>
        <source>%1 has no modality gates</source>
        <translation>%1 没有模态门控</translation>
    </message>
    <message>
        <source>This linker</source>
        <translation>此链接器</translation>
    </message>
    <message>
        <source>Per-unit scores (top %1 candidates)</source>
        <translation>各单元得分（前 %1 名候选）</translation>
    </message>
    <message>
        <source>Per-unit scores (none)</source>
        <translation>各单元得分（无）</translation>
    </message>
</context>
<context>
    <name>mel::ui::ImageView</name>
    <message>
        <source>No image for this sample</source>
        <translation>此样本没有图像</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Detected face</source>
        <translation>检测到的人脸</translation>
    </message>
</context>
<context>
    <name>mel::ui::ImportNotes</name>
    <message>
        <source>Images that cannot be decoded (kept as unreadable)</source>
        <translation>无法解码的图像（保留为不可读）</translation>
    </message>
    <message>
        <source>Images the records name that are not there</source>
        <translation>记录中提到但不存在的图像</translation>
    </message>
    <message>
        <source>Mentions not found in their text (kept without span)</source>
        <translation>未在文本中找到的提及（保留，无区间）</translation>
    </message>
    <message>
        <source>Mentions sharing a span</source>
        <translation>共享同一区间的提及</translation>
    </message>
    <message>
        <source>Region boxes reaching outside their image (kept as given)</source>
        <translation>超出图像范围的区域框（按原样保留）</translation>
    </message>
    <message>
        <source>Answers missing from the knowledge graph</source>
        <translation>知识图谱中缺少的答案</translation>
    </message>
    <message>
        <source>Ignored fields</source>
        <translation>忽略的字段</translation>
    </message>
    <message>
        <source>Samples without split</source>
        <translation>没有划分的样本</translation>
    </message>
    <message>
        <source>Ids in the splits file without a sample (ignored)</source>
        <translation>划分文件中没有对应样本的 ID（已忽略）</translation>
    </message>
    <message>
        <source>Names without abstract</source>
        <translation>没有摘要的名称</translation>
    </message>
    <message>
        <source>Abstracts of unknown QIDs (skipped)</source>
        <translation>未知 QID 的摘要（已跳过）</translation>
    </message>
    <message>
        <source>Aliases of unknown QIDs (skipped)</source>
        <translation>未知 QID 的别名（已跳过）</translation>
    </message>
    <message>
        <source>Aliases with an empty name (skipped)</source>
        <translation>名称为空的别名（已跳过）</translation>
    </message>
    <message>
        <source>Names without a letter or digit (kept; no mention finds them)</source>
        <translation>不含字母或数字的名称（保留；任何提及都找不到它们）</translation>
    </message>
    <message>
        <source>Images that could not be decoded (used as no image; the import checks headers only)</source>
        <translation>无法解码的图像（按“无图像”处理；导入时只检查文件头）</translation>
    </message>
    <message>
        <source>Human or model labels read back with their annotators: %1</source>
        <translation>连同标注者一起读回的人工或模型标注：%1</translation>
    </message>
</context>
<context>
    <name>mel::ui::Jobs</name>
    <message>
        <source>importing the knowledge graph</source>
        <translation>正在导入知识图谱</translation>
    </message>
    <message>
        <source>importing samples</source>
        <translation>正在导入样本</translation>
    </message>
    <message>
        <source>building the candidate index</source>
        <translation>正在构建候选索引</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>the KB index is not ready yet (import a knowledge graph)</source>
        <translation>知识库索引尚未就绪（请导入知识图谱）</translation>
    </message>
    <message>
        <source>exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>%1 images scanned, %2 with faces, %3 faces stored (%4 unreadable)</source>
        <translation>已扫描 %1 张图像，%2 张含人脸，已保存 %3 个人脸（%4 张无法读取）</translation>
    </message>
    <message>
        <source>this build has no face detector</source>
        <translation>此版本没有人脸检测器</translation>
    </message>
    <message>
        <source>%1 epochs, best epoch %2: dev Hits@1 %3, MRR %4 (%5 s)</source>
        <translation>%1 轮，最佳第 %2 轮：验证 Hits@1 %3，MRR %4（%5 秒）</translation>
    </message>
    <message>
        <source>this build has no learned linkers to train</source>
        <translation>此版本没有可训练的学习型链接器</translation>
    </message>
    <message>
        <source>dropping stored entity features</source>
        <translation>正在删除已存实体特征</translation>
    </message>
    <message>
        <source>deleting runs and their predictions</source>
        <translation>正在删除运行及其预测</translation>
    </message>
    <message numerus="yes">
        <source>deleted %n run(s) and %1 stored prediction(s)</source>
        <translation>
            <numerusform>已删除 %n 个运行和 %1 条已存预测</numerusform>
        </translation>
    </message>
    <message>
        <source>Images that could not be decoded: %1</source>
        <translation>无法解码的图像：%1</translation>
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
        <translation>样本</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <source>%1 — MELStudio</source>
        <translation>%1 — MELStudio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>MELStudio projects (*.melproj)</source>
        <translation>MELStudio 项目 (*.melproj)</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Import &amp;MELBench folder (dataset + KG)…</source>
        <translation>导入 MELBench 文件夹（数据集 + 知识图谱）(&amp;M)…</translation>
    </message>
    <message>
        <source>MELBench folder</source>
        <translation>MELBench 文件夹</translation>
    </message>
    <message>
        <source>Dataset name</source>
        <translation>数据集名称</translation>
    </message>
    <message>
        <source>Name in the project:</source>
        <translation>项目中的名称：</translation>
    </message>
    <message>
        <source>Import &amp;JSON Lines samples…</source>
        <translation>导入 JSON Lines 样本(&amp;J)…</translation>
    </message>
    <message>
        <source>JSON Lines file</source>
        <translation>JSON Lines 文件</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Import &amp;knowledge graph folder…</source>
        <translation>导入知识图谱文件夹(&amp;K)…</translation>
    </message>
    <message>
        <source>Folder with qid2ne.json and qid2abs.json</source>
        <translation>包含 qid2ne.json 和 qid2abs.json 的文件夹</translation>
    </message>
    <message>
        <source>&amp;Export labels</source>
        <translation>导出标签(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Linker</source>
        <translation>链接器(&amp;L)</translation>
    </message>
    <message>
        <source>Load &amp;checkpoint…</source>
        <translation>加载检查点(&amp;C)…</translation>
    </message>
    <message>
        <source>Linker checkpoint</source>
        <translation>链接器检查点</translation>
    </message>
    <message>
        <source>This build has no learned linkers (GHMF / MIMIC); the name baseline is used</source>
        <translation>此版本不含学习型链接器（GHMF / MIMIC）；使用名称基线</translation>
    </message>
    <message>
        <source>Link &amp;all (browser&apos;s dataset)</source>
        <translation>全部链接（浏览器中的数据集）(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Evaluate (browser&apos;s dataset)</source>
        <translation>评估（浏览器中的数据集）(&amp;E)</translation>
    </message>
    <message>
        <source>Run &amp;history…</source>
        <translation>运行历史(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit image</source>
        <translation>适应图像(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
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
        <translation>1–9  接受候选
%1  NIL（不在知识库中）
%2  有歧义
%3 / →  下一个提及（然后下一个样本）
%4 / ←  上一个提及
M  从所选文本添加提及
Shift+在图像上拖动  绘制所选提及的区域
%5 / %6  下一个 / 上一个样本
Ctrl+Z / Ctrl+Shift+Z  撤销 / 重做
Ctrl+F  搜索知识库
Ctrl+加号 / Ctrl+减号 / Ctrl+0  缩放图像
（编辑 &gt; 首选项 可修改按键）</translation>
    </message>
    <message>
        <source>The new language is used after restarting MELStudio</source>
        <translation>新语言将在重启 MELStudio 后生效</translation>
    </message>
    <message>
        <source>Select part of the sample text first</source>
        <translation>请先选择样本文本的一部分</translation>
    </message>
    <message>
        <source>Wait for &quot;%1&quot; to finish or cancel it first</source>
        <translation>请等待“%1”完成或先取消它</translation>
    </message>
    <message>
        <source>Building the candidate index</source>
        <translation>正在构建候选索引</translation>
    </message>
    <message>
        <source>Importing the demo data</source>
        <translation>正在导入演示数据</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
    <message>
        <source>Importing the knowledge graph</source>
        <translation>正在导入知识图谱</translation>
    </message>
    <message>
        <source>Linking %1</source>
        <translation>正在链接 %1</translation>
    </message>
    <message>
        <source>every dataset</source>
        <translation>所有数据集</translation>
    </message>
    <message>
        <source>Evaluating %1</source>
        <translation>正在评估 %1</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>正在导出 %1</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>导出标签</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Rank with a trained GHMF or MIMIC checkpoint</source>
        <translation>使用训练好的 GHMF 或 MIMIC 检查点排序</translation>
    </message>
    <message>
        <source>Linker: %1</source>
        <translation>链接器：%1</translation>
    </message>
    <message>
        <source>Load checkpoint</source>
        <translation>加载检查点</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is still running</source>
        <translation>“%1”仍在运行</translation>
    </message>
    <message>
        <source>Cannot import %1: drop a .melproj, a MELBench folder or a .jsonl file</source>
        <translation>无法导入 %1：请拖入 .melproj 文件、MELBench 文件夹或 .jsonl 文件</translation>
    </message>
    <message>
        <source>&amp;Train…</source>
        <translation>训练(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Retrain with corrected labels…</source>
        <translation>用更正后的标注重新训练(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>图像(&amp;I)</translation>
    </message>
    <message>
        <source>Detect &amp;faces (browser&apos;s dataset)</source>
        <translation>检测人脸（浏览器中的数据集）(&amp;F)</translation>
    </message>
    <message>
        <source>Find faces in the images with OpenCV and store them as regions</source>
        <translation>用 OpenCV 在图像中查找人脸并保存为区域</translation>
    </message>
    <message>
        <source>This build has no face detector</source>
        <translation>此版本没有人脸检测器</translation>
    </message>
    <message>
        <source>Detecting faces in %1</source>
        <translation>正在检测 %1 中的人脸</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train a GHMF or MIMIC linker on a dataset&apos;s train split</source>
        <translation>在数据集的训练集上训练 GHMF 或 MIMIC 链接器</translation>
    </message>
    <message>
        <source>This build has no learned linkers (GHMF / MIMIC)</source>
        <translation>此版本不包含学习型链接器（GHMF / MIMIC）</translation>
    </message>
    <message>
        <source>The GPU is preferred but no CUDA device is available: learned linkers run on the CPU</source>
        <translation>首选 GPU，但没有可用的 CUDA 设备：学习型链接器在 CPU 上运行</translation>
    </message>
    <message>
        <source>Untrusted model file</source>
        <translation>不受信任的模型文件</translation>
    </message>
    <message>
        <source>%1 is not in this project&apos;s checkpoints folder and was not trusted before; a checkpoint can contain TorchScript code, only load files from people you trust</source>
        <translation>%1 不在本项目的检查点文件夹中，且之前未被信任；检查点可能包含 TorchScript 代码，只加载您信任的人提供的文件</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <source>Linker: %1 (%2)</source>
        <translation>链接器：%1（%2）</translation>
    </message>
    <message>
        <source>Checkpoints not loaded again (missing, changed or unreadable): %1</source>
        <translation>未重新加载的检查点（缺失、已更改或无法读取）：%1</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Import a dataset with train and dev splits first</source>
        <translation>请先导入包含训练集和验证集的数据集</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>重新训练</translation>
    </message>
    <message>
        <source>The active linker is not a trained checkpoint; use Train… instead</source>
        <translation>当前链接器不是训练好的检查点；请改用“训练…”</translation>
    </message>
    <message>
        <source>%1: no such TorchScript file</source>
        <translation>%1：没有这个 TorchScript 文件</translation>
    </message>
    <message>
        <source>Training %1 on %2</source>
        <translation>在 %2 上训练 %1</translation>
    </message>
    <message>
        <source>Finished: %1 epochs, best epoch %2 with dev Hits@1 %3, MRR %4</source>
        <translation>完成：%1 轮，最佳第 %2 轮，验证 Hits@1 %3，MRR %4</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>训练完成</translation>
    </message>
    <message>
        <source>The new linker ranks the candidates now. Link all mentions of the dataset with it, so that the browser&apos;s filters use its predictions?</source>
        <translation>新的链接器现在为候选排序。是否用它链接数据集中的所有提及，使浏览器的筛选使用它的预测？</translation>
    </message>
    <message>
        <source>Link all</source>
        <translation>全部链接</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>%1: all %2 KB entities encoded, so a ranking now only encodes its mention</source>
        <translation>%1：已编码全部 %2 个知识库实体，排序现在只需编码提及</translation>
    </message>
    <message>
        <source>%1: all %2 KB entities ready (%3 read from the project), so a ranking now only encodes its mention</source>
        <translation>%1：全部 %2 个知识库实体已就绪（%3 个读自项目），排序现在只需编码提及</translation>
    </message>
    <message>
        <source>Stored entity &amp;features…</source>
        <translation>已存实体特征(&amp;F)…</translation>
    </message>
    <message>
        <source>The encoded KB entities the project keeps per checkpoint, so the KB is not encoded again; drop them to get the space back</source>
        <translation>项目按检查点保存的已编码知识库实体，使知识库无需重新编码；删除即可释放空间</translation>
    </message>
    <message>
        <source>%1, %2 entities, %3 MiB, last used %4
    %5</source>
        <translation>%1，%2 个实体，%3 MiB，最近使用 %4
    %5</translation>
    </message>
    <message>
        <source>Stored entity features</source>
        <translation>已存实体特征</translation>
    </message>
    <message>
        <source>The project keeps no encoded entity features.</source>
        <translation>项目未保存已编码的实体特征。</translation>
    </message>
    <message>
        <source>Drop all</source>
        <translation>全部删除</translation>
    </message>
    <message>
        <source>Dropping stored entity features</source>
        <translation>删除已存实体特征</translation>
    </message>
    <message>
        <source>Every link and training run of the project with its figures; delete old runs and their stored predictions</source>
        <translation>项目的所有链接与训练运行及其指标；可删除旧运行及其已存预测</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) and their stored predictions? Checkpoint files stay on disk.</source>
        <translation>
            <numerusform>删除 %n 个运行及其已存预测？检查点文件保留在磁盘上。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n run(s)</source>
        <translation>
            <numerusform>正在删除 %n 个运行</numerusform>
        </translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Nothing was undone; the change stays and leaves the undo history: %1</source>
        <translation>未撤销任何内容；该更改保留，并从撤销历史中移除：%1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>The change was not written to the project: %1</source>
        <translation>该更改未写入项目：%1</translation>
    </message>
    <message>
        <source>%1 finished. Some records were skipped or need a look:</source>
        <translation>%1 已完成。有些记录被跳过或需要查看：</translation>
    </message>
    <message>
        <source>%1 (read-only) — MELStudio</source>
        <translation>%1（只读）— MELStudio</translation>
    </message>
    <message>
        <source>This project can only be read here: labels and other changes cannot be saved. Copy it to a writable folder to annotate.</source>
        <translation>此项目在这里只能读取：标注和其他更改无法保存。要进行标注，请将其复制到可写的文件夹。</translation>
    </message>
</context>
<context>
    <name>mel::ui::ModelRunsDialog</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Model runs</source>
        <translation>模型运行</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Linker</source>
        <translation>链接器</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
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
        <translation>提及数</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>&amp;Delete selected runs…</source>
        <translation>删除所选运行(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete the selected runs and their stored predictions (checkpoint files stay on disk)</source>
        <translation>删除所选运行及其已存预测（检查点文件保留在磁盘上）</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>linking</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>No runs yet. Model &gt; Link all stores one; so does every training.</source>
        <translation>尚无运行。“模型 &gt; 全部链接”会保存一个，每次训练也会。</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), newest first. Training runs show their best epoch on dev.</source>
        <translation>
            <numerusform>%n 个运行，最新的在前。训练运行显示其在 dev 上的最佳轮次。</numerusform>
        </translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>mel::ui::Preferences</name>
    <message>
        <source>NIL (not in the KB)</source>
        <translation>NIL（不在知识库中）</translation>
    </message>
    <message>
        <source>Ambiguous</source>
        <translation>有歧义</translation>
    </message>
    <message>
        <source>Next mention</source>
        <translation>下一个提及</translation>
    </message>
    <message>
        <source>Previous mention</source>
        <translation>上一个提及</translation>
    </message>
    <message>
        <source>Next sample</source>
        <translation>下一个样本</translation>
    </message>
    <message>
        <source>Previous sample</source>
        <translation>上一个样本</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>mel::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <source>GPU (CUDA, not available)</source>
        <translation>GPU（CUDA，不可用）</translation>
    </message>
    <message>
        <source>Where learned linkers (GHMF / MIMIC) rank and train; the name baseline always uses the CPU</source>
        <translation>学习型链接器（GHMF / MIMIC）排序和训练所用的设备；名称基线始终使用 CPU</translation>
    </message>
    <message>
        <source>Top-K candidates from the KB index: shown in the candidate panel (at most 30 cards) and ranked by Link all</source>
        <translation>从知识库索引取前 K 个候选：显示在候选面板中（最多 30 张卡片），并由“全部链接”排序</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Annotator name:</source>
        <translation>标注者姓名：</translation>
    </message>
    <message>
        <source>Default linker:</source>
        <translation>默认链接器：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Candidate count:</source>
        <translation>候选数量：</translation>
    </message>
    <message>
        <source>Heatmap colours:</source>
        <translation>热力图配色：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>A new language is used after restarting MELStudio.</source>
        <translation>新语言将在重启 MELStudio 后生效。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Accept candidate 1–9:</source>
        <translation>接受候选 1–9：</translation>
    </message>
    <message>
        <source>1 – 9 (fixed)</source>
        <translation>1 – 9（固定）</translation>
    </message>
    <message>
        <source>Restore the default shortcuts</source>
        <translation>恢复默认快捷键</translation>
    </message>
    <message>
        <source>These keys are used twice: %1</source>
        <translation>这些按键被重复使用：%1</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
</context>
<context>
    <name>mel::ui::RankingService</name>
    <message>
        <source>the KB index is not ready (import a knowledge graph)</source>
        <translation>知识库索引尚未就绪（请导入知识图谱）</translation>
    </message>
    <message>
        <source>no linker selected</source>
        <translation>未选择链接器</translation>
    </message>
</context>
<context>
    <name>mel::ui::RunHistoryTable</name>
    <message>
        <source>trained</source>
        <translation>已训练</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Linker</source>
        <translation>链接器</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Dev Hits@1</source>
        <translation>验证 Hits@1</translation>
    </message>
    <message>
        <source>Dev MRR</source>
        <translation>验证 MRR</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Double-click a run to rank with its checkpoint</source>
        <translation>双击某次运行以使用其检查点排序</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>The process that ran it ended before the run finished (killed or crashed)</source>
        <translation>运行它的进程在运行结束前已终止（被杀死或崩溃）</translation>
    </message>
</context>
<context>
    <name>mel::ui::SampleTableModel</name>
    <message>
        <source>image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>mel::ui::SampleTextView</name>
    <message>
        <source>Add mention from selection (M)</source>
        <translation>从所选内容添加提及 (M)</translation>
    </message>
</context>
<context>
    <name>mel::ui::TrainingCurves</name>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Dev metrics per epoch</source>
        <translation>每轮验证指标</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
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
        <translation>训练链接器</translation>
    </message>
    <message>
        <source>Retrain the linker</source>
        <translation>重新训练链接器</translation>
    </message>
    <message>
        <source>Same linker and model configuration as %1, trained on the current labels (your corrections override the dataset&apos;s).</source>
        <translation>与 %1 相同的链接器和模型配置，在当前标注上训练（您的更正优先于数据集的标注）。</translation>
    </message>
    <message>
        <source>Dataset (train split; dev selects the epoch):</source>
        <translation>数据集（训练集；验证集选择轮次）：</translation>
    </message>
    <message>
        <source>MIMIC (text, image and cross-modal units)</source>
        <translation>MIMIC（文本、图像与跨模态单元）</translation>
    </message>
    <message>
        <source>GHMF (hierarchical co-attention, gated fusion)</source>
        <translation>GHMF（层次化协同注意力，门控融合）</translation>
    </message>
    <message>
        <source>Linker:</source>
        <translation>链接器：</translation>
    </message>
    <message>
        <source>Epochs (at most; early stopping on dev MRR):</source>
        <translation>轮数（上限；按验证 MRR 提前停止）：</translation>
    </message>
    <message>
        <source>Mentions per batch:</source>
        <translation>每批提及数：</translation>
    </message>
    <message>
        <source>Learning rate (AdamW):</source>
        <translation>学习率（AdamW）：</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Training mentions (for a quick try):</source>
        <translation>训练提及数（用于快速尝试）：</translation>
    </message>
    <message>
        <source>Text encoder (TorchScript, optional):</source>
        <translation>文本编码器（TorchScript，可选）：</translation>
    </message>
    <message>
        <source>Image encoder (TorchScript, optional):</source>
        <translation>图像编码器（TorchScript，可选）：</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>from scratch</source>
        <translation>从零开始</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>TorchScript encoder</source>
        <translation>TorchScript 编码器</translation>
    </message>
    <message>
        <source>TorchScript files (*.pt *.ts);;All files (*)</source>
        <translation>TorchScript 文件 (*.pt *.ts);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>mel::ui::TrainingPanel</name>
    <message>
        <source>Train…</source>
        <translation>训练…</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>重新训练</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Train the active checkpoint&apos;s linker and configuration again on the current labels</source>
        <translation>在当前标注上重新训练当前检查点的链接器和配置</translation>
    </message>
    <message>
        <source>Training %1 on %2…</source>
        <translation>正在 %2 上训练 %1…</translation>
    </message>
    <message>
        <source>Epoch %1: loss %2, dev Hits@1 %3, MRR %4</source>
        <translation>第 %1 轮：损失 %2，验证 Hits@1 %3，MRR %4</translation>
    </message>
    <message>
        <source>Active linker: %1</source>
        <translation>当前链接器：%1</translation>
    </message>
</context>
<context>
    <name>melstudio</name>
    <message>
        <source>MELStudio: multimodal entity linking annotation</source>
        <translation>MELStudio：多模态实体链接标注</translation>
    </message>
    <message>
        <source>Open (or create) this project file.</source>
        <translation>打开（或创建）此项目文件。</translation>
    </message>
    <message>
        <source>Open the demo project (created from resources/demo on first use; the default). With --project, import the demo into that file.</source>
        <translation>打开演示项目（首次使用时由 resources/demo 创建；默认行为）。与 --project 一起使用时，将演示数据导入该文件。</translation>
    </message>
    <message>
        <source>Save screenshots of the main views into DIR, then quit.</source>
        <translation>将主要视图的截图保存到 DIR，然后退出。</translation>
    </message>
    <message>
        <source>Project file to open (same as --project).</source>
        <translation>要打开的项目文件（同 --project）。</translation>
    </message>
    <message>
        <source>Expected at most one project file, got %1</source>
        <translation>最多只能指定一个项目文件，实际为 %1 个</translation>
    </message>
</context>
</TS>
