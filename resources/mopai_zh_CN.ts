<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>The new user gets their own passphrase for this workspace. Confirm with your own passphrase.</source>
        <translation>新用户使用自己的密码打开本工作区。请输入您自己的密码以确认。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Their passphrase</source>
        <translation>新用户的密码</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>再输一遍</translation>
    </message>
    <message>
        <source>Your passphrase</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Enter the new user&apos;s name.</source>
        <translation>请输入新用户的名字。</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>possible cloned device</source>
        <translation>疑似克隆设备</translation>
    </message>
    <message>
        <source>revoked device</source>
        <translation>已吊销的设备</translation>
    </message>
    <message>
        <source>it changed another village&apos;s households (kept in quarantine)</source>
        <translation>修改了别村的户（已隔离）</translation>
    </message>
    <message>
        <source>{when}: bundle {file} from device {device}: {reason}</source>
        <translation>{when}：设备 {device} 的数据包 {file}：{reason}</translation>
    </message>
    <message>
        <source>{when}: bundle {file} refused, {reason}, device {device}</source>
        <translation>{when}：数据包 {file} 被拒收，{reason}，设备 {device}</translation>
    </message>
    <message>
        <source>{n} bundle(s) need checking: do not use the data of that laptop until the county has checked it.</source>
        <translation>有 {n} 个数据包需要核查：县里核查之前，请不要使用那台电脑的数据。</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>……另有 {n} 条</translation>
    </message>
</context>
<context>
    <name>ApproveClaimDialog</name>
    <message>
        <source>Approve the move</source>
        <translation>批准迁户</translation>
    </message>
    <message>
        <source>Household {household} belongs to village {owner}. Village {claimant} changed it. Approve the move: from now on only {claimant} may change it, and {owner} drops it with its next return bundle. Why?</source>
        <translation>户 {household} 属于村 {owner}，村 {claimant} 修改了它。批准迁户后，只有 {claimant} 能修改该户，{owner} 在下一次回传包后不再显示该户。请写明原因：</translation>
    </message>
</context>
<context>
    <name>AreaDialog</name>
    <message>
        <source>Add a township</source>
        <translation>添加乡镇</translation>
    </message>
    <message>
        <source>Add a village</source>
        <translation>添加村</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>改名</translation>
    </message>
    <message>
        <source>9 digits</source>
        <translation>9位数字</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12位数字</translation>
    </message>
    <message>
        <source>Code (统计用区划代码)</source>
        <translation>代码（统计用区划代码）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>BackupKeysDialog</name>
    <message>
        <source>Back up the county keys</source>
        <translation>备份县级密钥</translation>
    </message>
    <message>
        <source>Every village trusts the county&apos;s keys. Without a backup a broken disk means enrolling every device again. Save the backup on a USB stick, keep it locked away, and keep its passphrase apart from it.</source>
        <translation>各村都信任县级密钥。没有备份的话，硬盘一坏就得为每台设备重新登记。请把备份存到 U 盘上锁好保管，备份密码另外单独保管。</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>备份密码</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>再输一遍</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>County key backup (*{suffix})</source>
        <translation>县级密钥备份 (*{suffix})</translation>
    </message>
    <message>
        <source>Choose where to save the backup.</source>
        <translation>请选择备份保存的位置。</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>Household cards</source>
        <translation>明白卡</translation>
    </message>
    <message>
        <source>This household</source>
        <translation>本户</translation>
    </message>
    <message>
        <source>Every household of village {code}</source>
        <translation>行政村 {code} 的全部农户</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>A4 portrait</source>
        <translation>A4 纵向</translation>
    </message>
    <message>
        <source>A5 portrait</source>
        <translation>A5 纵向</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Village contact</source>
        <translation>村联系人</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>The card shows each household as last saved. The QR code holds only a reference: scanning it in Mopai opens the household.</source>
        <translation>明白卡按各户最后一次保存的内容打印。二维码只含编号，不含姓名和证件号码；在本软件中用扫码枪扫描即打开该户。</translation>
    </message>
    <message>
        <source>Save the household cards</source>
        <translation>保存明白卡</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>{n} household cards written to {path}. Open the PDF to print them.</source>
        <translation>已生成 {n} 户明白卡：{path}。请打开该 PDF 文件打印。</translation>
    </message>
    <message>
        <source>Writing the household cards</source>
        <translation>正在生成明白卡</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change my passphrase</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Change the passphrase of user {user}. From now on only the new passphrase unlocks.</source>
        <translation>修改用户 {user} 的密码。修改后只能用新密码解锁。</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>再输一遍</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>修改密码</translation>
    </message>
</context>
<context>
    <name>ConflictView</name>
    <message>
        <source>Household</source>
        <translation>户信息</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Before both edits</source>
        <translation>修改前的值</translation>
    </message>
    <message>
        <source>Value here</source>
        <translation>本机的值</translation>
    </message>
    <message>
        <source>Value from the bundle</source>
        <translation>数据包带来的值</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Choose the value to keep</source>
        <translation>选择要保留的值</translation>
    </message>
    <message>
        <source>Keep the chosen value and mark resolved</source>
        <translation>保留所选的值并标记为已处理</translation>
    </message>
    <message>
        <source>Type a new value</source>
        <translation>填写新值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <source>Household deleted</source>
        <translation>删除此户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>revision {id}</source>
        <translation>版本 {id}</translation>
    </message>
    <message>
        <source>changed by {who} on {when}, device {device}</source>
        <translation>{who} 于 {when} 修改，设备 {device}</translation>
    </message>
    <message>
        <source>Before both edits: {value}</source>
        <translation>修改前的值：{value}</translation>
    </message>
    <message>
        <source>Only one of the two values can be kept here.</source>
        <translation>这里只能保留两个值中的一个。</translation>
    </message>
    <message>
        <source>A multiple-choice answer cannot be typed here: keep one value, then correct it in the household.</source>
        <translation>多选题不能在这里填写新值：请先保留其中一个值，再到该户中修改。</translation>
    </message>
    <message>
        <source>Resolved. The chosen value goes out with the next bundle.</source>
        <translation>已处理。所选的值将随下一个数据包发出。</translation>
    </message>
</context>
<context>
    <name>CorrectionsDialog</name>
    <message>
        <source>Correction requests</source>
        <translation>核实要求</translation>
    </message>
</context>
<context>
    <name>CorrectionsView</name>
    <message>
        <source>A phone spot check of the county or the township heard these answers otherwise. Open the household and correct it (saving it resolves the request), or say why the answer stands.</source>
        <translation>县里或乡镇电话抽查时听到的情况与以下记录不一致。请打开该户核实修改（保存即视为已处理），或说明记录无误的理由。</translation>
    </message>
    <message>
        <source>Open household</source>
        <translation>打开该户</translation>
    </message>
    <message>
        <source>The answer stands…</source>
        <translation>记录无误…</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>核查项目</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>记录值</translation>
    </message>
    <message>
        <source>Heard</source>
        <translation>核实值</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>提出日期</translation>
    </message>
    <message>
        <source>To check</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Answer stands</source>
        <translation>已说明</translation>
    </message>
    <message>
        <source>The answer stands</source>
        <translation>记录无误</translation>
    </message>
    <message>
        <source>The recorded answer of {person} ({question}: {recorded}) stands. The reason goes to the county.</source>
        <translation>{person}的记录（{question}：{recorded}）无误，理由将报送县里。</translation>
    </message>
    <message>
        <source>Send the reason</source>
        <translation>提交理由</translation>
    </message>
</context>
<context>
    <name>CountyDashboard</name>
    <message>
        <source>Labour force</source>
        <translation>劳动力</translation>
    </message>
    <message>
        <source>Employed</source>
        <translation>已就业</translation>
    </message>
    <message>
        <source>Employment rate</source>
        <translation>就业率</translation>
    </message>
    <message>
        <source>Employment rate, 脱贫户 and 监测户</source>
        <translation>脱贫户和监测户就业率</translation>
    </message>
    <message>
        <source>Transfer employment</source>
        <translation>转移就业</translation>
    </message>
    <message>
        <source>Zero-employment households</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <source>Want a job</source>
        <translation>有就业意愿</translation>
    </message>
    <message>
        <source>Want training</source>
        <translation>有培训意愿</translation>
    </message>
    <message>
        <source>Want to start a business</source>
        <translation>有创业意愿</translation>
    </message>
    <message>
        <source>Complete on all five (五清)</source>
        <translation>五清全部达标</translation>
    </message>
    <message>
        <source>五清 share</source>
        <translation>五清达标率</translation>
    </message>
    <message>
        <source>Last bundle received</source>
        <translation>最近收到数据包</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <source>Missing sequence numbers</source>
        <translation>缺少的序号</translation>
    </message>
    <message>
        <source>Villages without any bundle</source>
        <translation>从未报送的村</translation>
    </message>
    <message>
        <source>Villages with missing bundles</source>
        <translation>缺少数据包的村</translation>
    </message>
    <message>
        <source>Complete households</source>
        <translation>已完成户数</translation>
    </message>
    <message>
        <source>Drafts (not counted)</source>
        <translation>草稿户（未计入）</translation>
    </message>
    <message>
        <source>311 met this year</source>
        <translation>311服务完成率</translation>
    </message>
    <message>
        <source>Import the area list…</source>
        <translation>导入乡镇和村名单…</translation>
    </message>
    <message>
        <source>County: figures of complete households; drafts are counted apart</source>
        <translation>全县（只统计已完成的户，草稿户另计）</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Townships and villages</source>
        <translation>乡镇和村</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Rankings</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Zero-employment households ({n})</source>
        <translation>零就业家庭（{n}）</translation>
    </message>
    <message>
        <source>Weekly ranking (周通报)</source>
        <translation>周通报</translation>
    </message>
    <message>
        <source>Job postings (岗位信息)</source>
        <translation>岗位信息</translation>
    </message>
    <message>
        <source>Phone spot checks</source>
        <translation>电话抽查</translation>
    </message>
    <message>
        <source>Townships by employment rate</source>
        <translation>乡镇就业率排名</translation>
    </message>
    <message>
        <source>Townships by 五清 completeness</source>
        <translation>乡镇五清完成率排名</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Survey progress</source>
        <translation>调查进度</translation>
    </message>
    <message>
        <source>Expected households</source>
        <translation>应调查户数</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>已入户</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Visit rate</source>
        <translation>入户率</translation>
    </message>
    <message>
        <source>Completion rate</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>Computing the county figures…</source>
        <translation>正在计算全县数据…</translation>
    </message>
    <message>
        <source>People due “311” services (unemployed labour force, and the labour force of 脱贫户 and 监测户) who had 3 job pushes, 1 career guidance and 1 training referral this year</source>
        <translation>应开展“311”服务的人（未就业的劳动力，以及脱贫户、监测户的劳动力）中，当年已有3次岗位推送、1次职业指导、1次培训引导的人</translation>
    </message>
    <message>
        <source>{n} townships or villages have no name and are shown by their code (such as {code}): import the township and village list on the Villages page.</source>
        <translation>{n} 个乡镇或村没有名称，以代码显示（如 {code}）：请在“村和设备”页导入乡镇和村名单。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No bundle received from this village yet</source>
        <translation>尚未收到该村的任何数据包</translation>
    </message>
    <message>
        <source>Employment rate by township</source>
        <translation>各乡镇就业率</translation>
    </message>
    <message>
        <source>Zero-employment households by township</source>
        <translation>各乡镇零就业家庭</translation>
    </message>
    <message>
        <source>Labour force and employed by township</source>
        <translation>各乡镇劳动力与已就业人数</translation>
    </message>
    <message>
        <source>Township total</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>County total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>No village has its expected households yet: import them on the Villages page (Import expected households…). Rates stay blank.</source>
        <translation>尚未设置各村应调查户数：请在“村和设备”页导入（导入应调查户数…）。入户率和完成率空白。</translation>
    </message>
    <message>
        <source>{n} villages have no expected households (such as {name}): their rates, and their township&apos;s and the county&apos;s, stay blank.</source>
        <translation>{n} 个村未设应调查户数（如 {name}）：这些村及其乡镇、全县的入户率和完成率空白。</translation>
    </message>
    <message>
        <source>Visited counts every household in the store, drafts included; complete counts those saved as complete.</source>
        <translation>已入户为本库中的全部户（含草稿）；已完成为状态“完成”的户。</translation>
    </message>
</context>
<context>
    <name>CountyEnrolDialog</name>
    <message>
        <source>Approve an enrolment request</source>
        <translation>批准设备登记申请</translation>
    </message>
    <message>
        <source>Open the request file a village laptop wrote; check who is asking with the village before approving.</source>
        <translation>打开村里电脑写出的登记申请文件；批准之前，请与村里核对申请人和设备。</translation>
    </message>
    <message>
        <source>Open request file…</source>
        <translation>打开申请文件…</translation>
    </message>
    <message>
        <source>Who is asking</source>
        <translation>申请信息</translation>
    </message>
    <message>
        <source>Village or township:</source>
        <translation>村或乡镇：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>申请人：</translation>
    </message>
    <message>
        <source>Requested at:</source>
        <translation>申请时间：</translation>
    </message>
    <message>
        <source>Device fingerprint:</source>
        <translation>设备指纹：</translation>
    </message>
    <message>
        <source>I checked with the village: this device, this user and this fingerprint are theirs</source>
        <translation>我已与村里核对：设备、申请人和指纹都是他们的</translation>
    </message>
    <message>
        <source>Approve and write the setup file…</source>
        <translation>批准并写出登记回执…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open the request file</source>
        <translation>打开申请文件</translation>
    </message>
    <message>
        <source>Enrolment requests (*.mopai-enrol);;All files (*)</source>
        <translation>登记申请文件 (*.mopai-enrol);;所有文件 (*)</translation>
    </message>
    <message>
        <source>(the request calls it {name})</source>
        <translation>（申请文件中写作 {name}）</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <source>(an old request: the computer&apos;s own name, not one the cadre chose)</source>
        <translation>（旧版申请：这是电脑自身的名称，不是村里填写的设备名称）</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>Save the setup file</source>
        <translation>保存登记回执文件</translation>
    </message>
    <message>
        <source>Approved: {code} {device} ({user}). Setup file: {file}. Read this fingerprint to the village by telephone or on paper:</source>
        <translation>已批准：{code} {device}（{user}）。登记回执：{file}。请通过电话或纸面把下面的指纹告知村里：</translation>
    </message>
</context>
<context>
    <name>CountyHouseholdModel</name>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>CountyHouseholdsPage</name>
    <message>
        <source>Households of every village</source>
        <translation>全县农户</translation>
    </message>
    <message>
        <source>Search by name, pinyin initials, ID number, household number or phone</source>
        <translation>按姓名、拼音首字母、证件号码、户编号或电话查找</translation>
    </message>
    <message>
        <source>With findings</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Zero-employment households</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <source>Allow county corrections</source>
        <translation>允许县级修改</translation>
    </message>
    <message>
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Zero-employment</source>
        <translation>零就业</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>录入人</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>All review states</source>
        <translation>全部审核状态</translation>
    </message>
    <message>
        <source>Awaiting review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>Sent back</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Corrected, to review again</source>
        <translation>已修改待复审</translation>
    </message>
    <message>
        <source>Reading the findings…</source>
        <translation>正在读取问题和零就业家庭…</translation>
    </message>
    <message>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>全部录入人</translation>
    </message>
    <message>
        <source>Any device</source>
        <translation>全部设备</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
    <message>
        <source>All groups</source>
        <translation>全部村民小组</translation>
    </message>
    <message>
        <source>No household found</source>
        <translation>没有找到农户</translation>
    </message>
    <message>
        <source>Rows {first}–{last}, counting…</source>
        <translation>第 {first}–{last} 条，正在统计…</translation>
    </message>
    <message>
        <source>Rows {first}–{last} of {total} households</source>
        <translation>第 {first}–{last} 条，共 {total} 户</translation>
    </message>
    <message>
        <source>The county does not allow corrections here</source>
        <translation>本县未允许县级修改</translation>
    </message>
    <message>
        <source>Correct a household</source>
        <translation>县级修改农户</translation>
    </message>
    <message>
        <source>Household {no} ({head}) of {village}: the correction goes back to the village in its next return bundle.</source>
        <translation>{village} 户编号 {no}（{head}）：修改将作为更正，随下一个回传包发回该村。</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Why is the county correcting it?</source>
        <translation>县里为什么要修改这一户？</translation>
    </message>
</context>
<context>
    <name>CountySettingsDialog</name>
    <message>
        <source>County definitions</source>
        <translation>统计口径</translation>
    </message>
    <message>
        <source>These definitions change every indicator of every village and township; a change is recorded in the audit log.</source>
        <translation>这些口径会改变每个村和乡镇的所有指标；修改会记入审计日志。</translation>
    </message>
    <message>
        <source>A different upper bound for 脱贫劳动力</source>
        <translation>脱贫劳动力另设年龄上限</translation>
    </message>
    <message>
        <source>务农 counts as employed</source>
        <translation>务农计为就业</translation>
    </message>
    <message>
        <source>Labour age from</source>
        <translation>劳动年龄下限</translation>
    </message>
    <message>
        <source>Labour age up to (men, not included)</source>
        <translation>劳动年龄上限（男，不含）</translation>
    </message>
    <message>
        <source>Labour age up to (women, not included)</source>
        <translation>劳动年龄上限（女，不含）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Weekly ranking (周通报): weights in the total score</source>
        <translation>周通报：各指标在总得分中的权重</translation>
    </message>
    <message>
        <source>Survey progress (台账建立进度)</source>
        <translation>台账建立进度</translation>
    </message>
    <message>
        <source>Return-to-work employment rate</source>
        <translation>返岗就业率</translation>
    </message>
    <message>
        <source>Its rise since the previous week</source>
        <translation>返岗就业率提升（较上周）</translation>
    </message>
    <message>
        <source>Zero-employment households eliminated</source>
        <translation>零就业家庭消除进度</translation>
    </message>
    <message>
        <source>Phone spot-check accuracy</source>
        <translation>电话抽查准确率</translation>
    </message>
    <message>
        <source>Base week of the elimination (else the first week kept)</source>
        <translation>零就业家庭消除的基期（不设则为保存的第一周）</translation>
    </message>
    <message>
        <source>At least one weekly weight must be above 0.</source>
        <translation>周通报的权重至少有一项大于 0。</translation>
    </message>
    <message>
        <source>The upper bounds must be above the lower bound.</source>
        <translation>年龄上限必须大于下限。</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Survey</source>
        <translation>调查进度</translation>
    </message>
    <message>
        <source>Labour and employment</source>
        <translation>劳动力与就业</translation>
    </message>
    <message>
        <source>Wishes</source>
        <translation>意愿</translation>
    </message>
    <message>
        <source>Sending to the county</source>
        <translation>报送县里</translation>
    </message>
    <message>
        <source>Zero-employment households (target: none)</source>
        <translation>零就业家庭（目标：清零）</translation>
    </message>
    <message>
        <source>Households surveyed</source>
        <translation>已调查户数</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Complete on all five (五清)</source>
        <translation>五清全部达标</translation>
    </message>
    <message>
        <source>Records with errors</source>
        <translation>有错误的记录</translation>
    </message>
    <message>
        <source>Labour force</source>
        <translation>劳动力</translation>
    </message>
    <message>
        <source>Employed</source>
        <translation>已就业</translation>
    </message>
    <message>
        <source>Employment rate</source>
        <translation>就业率</translation>
    </message>
    <message>
        <source>Employment rate, 脱贫户 and 监测户</source>
        <translation>脱贫户和监测户就业率</translation>
    </message>
    <message>
        <source>Zero-employment households</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <source>Want a job</source>
        <translation>有就业意愿</translation>
    </message>
    <message>
        <source>Want training</source>
        <translation>有培训意愿</translation>
    </message>
    <message>
        <source>Want to start a business</source>
        <translation>有创业意愿</translation>
    </message>
    <message>
        <source>Changes not yet acknowledged by the county</source>
        <translation>县里尚未确认的修改</translation>
    </message>
    <message>
        <source>Last export</source>
        <translation>上次导出</translation>
    </message>
    <message>
        <source>Questionnaire in use</source>
        <translation>正在使用的问卷</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>{n} in the labour force</source>
        <translation>劳动力 {n} 人</translation>
    </message>
</context>
<context>
    <name>DeleteHouseholdDialog</name>
    <message>
        <source>Delete household</source>
        <translation>删除此户</translation>
    </message>
    <message>
        <source>Delete household {no} ({head})? Its history is kept, and the deletion is sent to the county with the next export.</source>
        <translation>确定删除户 {no}（{head}）吗？修改记录会保留，删除将在下次导出时报送县里。</translation>
    </message>
    <message>
        <source>Reason (for example: moved away, entered twice):</source>
        <translation>删除原因（例如：已迁出、重复录入）：</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>DuplicateView</name>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>First household</source>
        <translation>第一户</translation>
    </message>
    <message>
        <source>Second household</source>
        <translation>第二户</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>No duplicate ID numbers.</source>
        <translation>没有重复的证件号码。</translation>
    </message>
    <message>
        <source>Double-click a household to open it. Both records stay until the county decides which one stands.</source>
        <translation>双击一户可打开。两条记录都会保留，直到县里决定以哪一条为准。</translation>
    </message>
    <message>
        <source>Decide the selected duplicate</source>
        <translation>处理所选的重复证件号码</translation>
    </message>
    <message>
        <source>Remove this person from this household</source>
        <translation>从此户移除此人</translation>
    </message>
    <message>
        <source>This household is the current registration</source>
        <translation>此户为现户籍/居住地</translation>
    </message>
    <message>
        <source>Keep both records</source>
        <translation>两条都保留</translation>
    </message>
    <message>
        <source>village {code}, household {household}</source>
        <translation>村 {code}，户 {household}</translation>
    </message>
    <message>
        <source>[public-welfare post]</source>
        <translation>［公益性岗位］</translation>
    </message>
    <message>
        <source>ID number {id}</source>
        <translation>证件号码 {id}</translation>
    </message>
    <message>
        <source>holds a public-welfare post in both records</source>
        <translation>两条记录中都在公益性岗位</translation>
    </message>
    <message>
        <source>Remove {person} (ID number {id}) from household {household} of village {code}? The other record stays; the change is sent back to the village with the next return bundle.</source>
        <translation>从村 {code} 的户 {household} 中移除 {person}（证件号码 {id}）？另一条记录保留；这项修改会随下一个回传数据包发回该村。</translation>
    </message>
    <message>
        <source>Remove from household</source>
        <translation>从此户移除</translation>
    </message>
    <message>
        <source>Decided. The decision is kept with the duplicate.</source>
        <translation>已处理。处理结果已随该重复记录保存。</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol with the county</source>
        <translation>向县里登记本机</translation>
    </message>
    <message>
        <source>1. Request</source>
        <translation>1. 登记申请</translation>
    </message>
    <message>
        <source>Write a request file and take it to the county.</source>
        <translation>写出申请文件，交给县里。</translation>
    </message>
    <message>
        <source>e.g. 荆坪村文书笔记本</source>
        <translation>例如：荆坪村文书笔记本</translation>
    </message>
    <message>
        <source>Name of this laptop (the county sees it):</source>
        <translation>本机名称（县里会看到）：</translation>
    </message>
    <message>
        <source>Who asks:</source>
        <translation>申请人：</translation>
    </message>
    <message>
        <source>Write request file…</source>
        <translation>写出申请文件…</translation>
    </message>
    <message>
        <source>2. Setup file from the county</source>
        <translation>2. 县里发回的登记回执</translation>
    </message>
    <message>
        <source>Open setup file…</source>
        <translation>打开登记回执…</translation>
    </message>
    <message>
        <source>This fingerprint matches, character for character, what the county read out to me</source>
        <translation>这个指纹与县里念给我的逐字一致</translation>
    </message>
    <message>
        <source>Your passphrase (seals the county recovery slot):</source>
        <translation>您的密码（用于建立县级恢复槽）：</translation>
    </message>
    <message>
        <source>Accept and enrol</source>
        <translation>接受并登记</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save the request file</source>
        <translation>保存申请文件</translation>
    </message>
    <message>
        <source>Request written: {file}</source>
        <translation>申请文件已写出：{file}</translation>
    </message>
    <message>
        <source>Open the setup file</source>
        <translation>打开登记回执</translation>
    </message>
    <message>
        <source>County {code} {name}</source>
        <translation>县 {code} {name}</translation>
    </message>
    <message>
        <source>Compare this fingerprint with the one the county reads to you by telephone or on paper.</source>
        <translation>请把这个指纹与县里通过电话或纸面告诉您的指纹逐字核对。</translation>
    </message>
    <message>
        <source>Enrolled: this laptop can now send bundles to the county.</source>
        <translation>登记完成：这台电脑现在可以向县里报送数据包了。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Mopai — problem</source>
        <translation>摸排 — 出现问题</translation>
    </message>
    <message>
        <source>Mopai — unexpected error</source>
        <translation>摸排 — 意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside Mopai. Your saved data is safe; unsaved changes are kept as a draft. Please copy the details and send them to the county.</source>
        <translation>摸排程序内部出错。已保存的数据是安全的，未保存的修改已存为草稿。请复制详细信息发给县里。</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>ErrorsDialog</name>
    <message>
        <source>Cannot save as complete</source>
        <translation>不能保存为完成</translation>
    </message>
    <message>
        <source>Correct these {n} errors before saving as complete. Click one to go to the question.</source>
        <translation>保存为完成前请先改正以下 {n} 个错误。点击一条可转到该题。</translation>
    </message>
    <message>
        <source> You can save a draft meanwhile and finish later.</source>
        <translation>也可以先保存草稿，以后再改。</translation>
    </message>
</context>
<context>
    <name>ExpectedDialog</name>
    <message>
        <source>Expected households</source>
        <translation>应调查户数</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Households to survey (应调查户数)</source>
        <translation>应调查户数</translation>
    </message>
    <message>
        <source>This village has a 户籍 list of {n} households: the list counts, a number set here only once the list is removed.</source>
        <translation>本村已导入户籍名单（{n} 户），以名单户数为准；此处设置的户数在名单移除后才生效。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ExpectedView</name>
    <message>
        <source>Households to visit</source>
        <translation>应走访名单</translation>
    </message>
    <message>
        <source>Only households not yet visited</source>
        <translation>只看未走访的户</translation>
    </message>
    <message>
        <source>New household from this row</source>
        <translation>按此行新建户</translation>
    </message>
    <message>
        <source>Open household</source>
        <translation>打开该户</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The county has not sent a list of households to visit for this village.</source>
        <translation>县里尚未发来本村的应走访户名单。</translation>
    </message>
    <message>
        <source>Expected {expected}, visited {visited}, complete {complete}, not yet visited {missing}</source>
        <translation>应走访 {expected} 户，已走访 {visited} 户，已完成 {complete} 户，未走访 {missing} 户</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to the county</source>
        <translation>导出报送县里</translation>
    </message>
    <message>
        <source>Plug in the USB stick and choose it below, or choose a folder.</source>
        <translation>请插入U盘并在下面选择，或选择一个文件夹。</translation>
    </message>
    <message>
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Every revision, also those the county has acknowledged</source>
        <translation>全部修订（包括县里已确认的）</translation>
    </message>
    <message>
        <source>Print handover slip (PDF)…</source>
        <translation>打印交接单（PDF）…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No USB stick found: plug one in and press “Look again”, or choose a folder.</source>
        <translation>没有找到U盘：请插入后点“重新查找”，或选择文件夹。</translation>
    </message>
    <message>
        <source>{drive} — {free} GB free of {total} GB</source>
        <translation>{drive} — 可用 {free} GB，共 {total} GB</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Writing and verifying the bundle…</source>
        <translation>正在写入并校验数据包…</translation>
    </message>
    <message>
        <source>Save the handover slip</source>
        <translation>保存交接单</translation>
    </message>
    <message>
        <source>Destination: {folder}</source>
        <translation>保存到：{folder}</translation>
    </message>
    <message>
        <source>Writing… do not remove the stick.</source>
        <translation>正在写入……请不要拔出U盘。</translation>
    </message>
    <message>
        <source>Written and verified. It is now safe to remove the stick.
File {file}, sequence number {seq}, {households} households, {revisions} revisions.</source>
        <translation>已写入并校验，现在可以安全拔出U盘。
文件 {file}，序号 {seq}，{households} 户，{revisions} 条修订。</translation>
    </message>
    <message>
        <source>The export failed: {reason}</source>
        <translation>导出失败：{reason}</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>Confirm the warning with a reason…</source>
        <translation>填写核实说明…</translation>
    </message>
    <message>
        <source>{e} errors, {w} warnings</source>
        <translation>{e} 个错误，{w} 个提醒</translation>
    </message>
    <message>
        <source> ({n} warnings without a reason)</source>
        <translation>（{n} 个警告未填写核实说明）</translation>
    </message>
</context>
<context>
    <name>HandoverSlip</name>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Written at</source>
        <translation>写出时间</translation>
    </message>
    <message>
        <source>Sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Revisions</source>
        <translation>修订数</translation>
    </message>
    <message>
        <source>Households recorded</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Deletions</source>
        <translation>删除数</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Mopai handover slip</source>
        <translation>摸排数据交接单</translation>
    </message>
    <message>
        <source>SHA-256 of the bundle file:</source>
        <translation>数据包文件的 SHA-256：</translation>
    </message>
    <message>
        <source>Handed over by: ____________    Received by: ____________</source>
        <translation>交出人：____________    接收人：____________</translation>
    </message>
    <message>
        <source>Mopai return bundles handover slip</source>
        <translation>摸排回传包交接单</translation>
    </message>
    <message>
        <source>Review decisions</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>County&apos;s bundle, carried</source>
        <translation>代转县回传包</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改内容</translation>
    </message>
    <message>
        <source>“311” service records</source>
        <translation>“311”服务记录</translation>
    </message>
    <message>
        <source>Service record</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>Restore this answer as before the change</source>
        <translation>恢复此答案（改动前的值）</translation>
    </message>
    <message>
        <source>Restore this member as before the change</source>
        <translation>恢复此成员（改动前）</translation>
    </message>
    <message>
        <source>Restore the household to this revision</source>
        <translation>整户恢复到此版本</translation>
    </message>
    <message>
        <source>Save or discard the unsaved changes of this household in the editor before restoring.</source>
        <translation>请先在编辑页保存或放弃本户未保存的修改，再进行恢复。</translation>
    </message>
    <message>
        <source> (withdrawn)</source>
        <translation>（已撤回）</translation>
    </message>
    <message>
        <source>“311” service records: {n}</source>
        <translation>“311”服务记录：{n} 条</translation>
    </message>
    <message>
        <source>recorded: {kind} on {date}, {outcome}</source>
        <translation>登记：{date} {kind}，{outcome}</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>placement confirmed in the household&apos;s answers</source>
        <translation>已确认上岗，写入户的就业信息</translation>
    </message>
    <message>
        <source>outcome: {old} → {new}</source>
        <translation>结果：{old} → {new}</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source> (imported)</source>
        <translation>（导入）</translation>
    </message>
    <message>
        <source>Revision {n}: {kind}</source>
        <translation>第 {n} 版：{kind}</translation>
    </message>
    <message>
        <source>{n} changes</source>
        <translation>{n} 处修改</translation>
    </message>
    <message>
        <source>{n} revisions</source>
        <translation>共 {n} 个版本</translation>
    </message>
    <message>
        <source>Restored as a new revision (a draft): check it in the editor and save it as complete.</source>
        <translation>已恢复，保存为新的版本（草稿）：请在编辑页核对后保存为完成。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>HouseholdEditor</name>
    <message>
        <source>Read only: this household is shown as the village sent it; nothing can be changed or saved here.</source>
        <translation>只读：按村里报送的内容显示，不能在此修改或保存。</translation>
    </message>
    <message>
        <source>County correction — reason: {reason}. Each save is a correction that goes back to the village in its next return bundle.</source>
        <translation>县级修改 — 原因：{reason}。每次保存都是一次更正，随下一个回传包发回该村。</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Job postings…</source>
        <translation>推荐岗位…</translation>
    </message>
    <message>
        <source>The open postings that fit the member shown</source>
        <translation>适合当前成员的在招岗位</translation>
    </message>
    <message>
        <source>311 services…</source>
        <translation>“311”服务…</translation>
    </message>
    <message>
        <source>The 311 services of the household (of the member shown, if one is)</source>
        <translation>本户（选中成员时为该成员）的“311”服务记录</translation>
    </message>
    <message>
        <source>Household card…</source>
        <translation>明白卡…</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Save as complete</source>
        <translation>保存为完成</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Delete household</source>
        <translation>删除此户</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>审核…</translation>
    </message>
    <message>
        <source>Sent back for correction ({date}, {by}): {comment}</source>
        <translation>退回修改（{date}，{by}）：{comment}</translation>
    </message>
    <message>
        <source>Corrected since it was sent back ({date}, {by}: {comment}); waiting for review again</source>
        <translation>已修改待复审（{date} {by} 退回：{comment}）</translation>
    </message>
    <message>
        <source> (an entry it names has since been removed)</source>
        <translation>（所指的条目已被删除）</translation>
    </message>
    <message>
        <source>Reviewer: {comment}</source>
        <translation>审核意见：{comment}</translation>
    </message>
    <message>
        <source>Interview {start} – {end}, {min} min ({per} min per person), entered by {by}</source>
        <translation>访谈 {start} – {end}，用时 {min} 分钟（每人 {per} 分钟），录入人 {by}</translation>
    </message>
    <message>
        <source> — too fast for the household&apos;s size: check with the village</source>
        <translation> — 以该户人数来看用时过短：请与村里核实</translation>
    </message>
    <message>
        <source>Form metadata: {items}</source>
        <translation>问卷元数据：{items}</translation>
    </message>
    <message>
        <source>This household was saved under form version {old}; it is shown under the current version {new} and saved under it.</source>
        <translation>此户按问卷版本 {old} 填写；现按当前版本 {new} 显示，保存后即为该版本。</translation>
    </message>
    <message>
        <source>{n} answers moved to renamed questions: {names}.</source>
        <translation>{n} 个答案已移到改名后的题目：{names}。</translation>
    </message>
    <message>
        <source>{n} answers belong to questions the current form no longer has ({names}): they are kept in the record but not shown.</source>
        <translation>{n} 个答案属于当前问卷已删除的题目（{names}）：这些答案仍保留在记录中，但不再显示。</translation>
    </message>
    <message>
        <source> (reason: {reason})</source>
        <translation>（说明：{reason}）</translation>
    </message>
    <message>
        <source>Whether this question applies cannot be decided yet (an answer it depends on is missing or wrong); the answer is kept.</source>
        <translation>暂时无法确定此题是否需要填写（所依据的答案缺失或有误），答案先保留。</translation>
    </message>
    <message>
        <source>The count (repeat_count) still asks for {want}: a blank member takes this one&apos;s place. To have fewer, change that answer first.</source>
        <translation>应有人数（repeat_count）仍为 {want}：删除后会补上一位空白成员。要减少人数，请先改那一题的答案。</translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation>删除成员</translation>
    </message>
    <message>
        <source>Remove {name} from this household?</source>
        <translation>从本户删除“{name}”？</translation>
    </message>
    <message>
        <source>Confirm the warning</source>
        <translation>核实警告</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>If the answer is right, say why (at most {max} characters):</source>
        <translation>如答案无误，请说明原因（不超过 {max} 个字）：</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>This household has unsaved changes.</source>
        <translation>本户有未保存的修改。</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>（新户）</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Household {no} — {status}</source>
        <translation>户编号 {no} — {status}</translation>
    </message>
</context>
<context>
    <name>HouseholdList</name>
    <message>
        <source>Search: name, pinyin initials (zs), ID number, household no., phone</source>
        <translation>搜索：姓名、拼音首字母（如 zs）、身份证号、户编号、电话</translation>
    </message>
    <message>
        <source>New household</source>
        <translation>新增农户</translation>
    </message>
    <message>
        <source>311 services…</source>
        <translation>“311”服务…</translation>
    </message>
    <message>
        <source>Household cards…</source>
        <translation>明白卡…</translation>
    </message>
    <message>
        <source>Zero-employment households</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <source>With errors</source>
        <translation>有错误</translation>
    </message>
    <message>
        <source>Household type</source>
        <translation>户类型</translation>
    </message>
    <message>
        <source>Not surveyed since</source>
        <translation>此日期后未调查</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>{n} households</source>
        <translation>共 {n} 户</translation>
    </message>
</context>
<context>
    <name>HouseholdReviewView</name>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Village code</source>
        <translation>村代码</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <source>Review state</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>涉及问题数</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Households sent back for correction, and those the village corrected since: review them again.</source>
        <translation>退回修改的户，以及村里已修改、等待复审的户：请再次审核。</translation>
    </message>
    <message>
        <source>Households the county sent back for correction: open one, correct the questions marked and save it complete; it goes back with the next export.</source>
        <translation>县里退回修改的户：打开后按意见修改标出的问题，保存为完成；下次导出时发回县里。</translation>
    </message>
    <message>
        <source>Open household</source>
        <translation>打开该户</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>审核…</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Household type</source>
        <translation>户类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Errors / warnings</source>
        <translation>错误 / 提醒</translation>
    </message>
    <message>
        <source>Survey date</source>
        <translation>调查日期</translation>
    </message>
    <message>
        <source>Last saved</source>
        <translation>最后保存</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import bundles</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <source>Import a file…</source>
        <translation>导入一个文件…</translation>
    </message>
    <message>
        <source>Import a folder or USB stick…</source>
        <translation>导入文件夹或U盘…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose a bundle</source>
        <translation>选择数据包</translation>
    </message>
    <message>
        <source>Mopai bundles (*.mopai)</source>
        <translation>摸排数据包 (*.mopai)</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Checking and importing bundles…</source>
        <translation>正在检查并导入数据包…</translation>
    </message>
    <message>
        <source>The import failed: {reason}</source>
        <translation>导入失败：{reason}</translation>
    </message>
    <message>
        <source>county {place}</source>
        <translation>县 {place}</translation>
    </message>
    <message>
        <source>township {place}</source>
        <translation>乡镇 {place}</translation>
    </message>
    <message>
        <source>village {place}</source>
        <translation>村 {place}</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Already imported</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>拒收</translation>
    </message>
    <message>
        <source>the county&apos;s return bundle for {place}, sequence {seq}: kept, to carry to the village with the next return bundles</source>
        <translation>县里给 {place} 的回传包，序号 {seq}：已收下，下次回传时带给该村</translation>
    </message>
    <message>
        <source>{sender}, sequence {seq}: nothing changed</source>
        <translation>{sender}，序号 {seq}：没有变化</translation>
    </message>
    <message>
        <source>{sender}, sequence {seq}: {new} new revisions, {households} households, {conflicts} conflicts, {quarantined} quarantined</source>
        <translation>{sender}，序号 {seq}：新修订 {new} 条，{households} 户，冲突 {conflicts} 个，隔离 {quarantined} 条</translation>
    </message>
    <message>
        <source>; missing sequence numbers: {gaps}</source>
        <translation>；缺少序号：{gaps}</translation>
    </message>
    <message>
        <source>; {n} review decisions</source>
        <translation>；审核意见 {n} 条</translation>
    </message>
    <message>
        <source>No bundles (*.mopai) found there.</source>
        <translation>那里没有找到数据包（*.mopai）。</translation>
    </message>
    <message>
        <source>{a} accepted, {b} already imported, {c} rejected</source>
        <translation>接收 {a} 个，已导入过 {b} 个，拒收 {c} 个</translation>
    </message>
    <message>
        <source>Possible cloned device! {n} bundle(s) carry a device and sequence number that were already imported with different content: {files}. Do not use that laptop&apos;s data until the county has checked it.</source>
        <translation>可能是被复制的设备！有 {n} 个数据包的设备和序号已经导入过，但内容不同：{files}。在县里核查之前，请不要使用那台电脑的数据。</translation>
    </message>
</context>
<context>
    <name>InterviewView</name>
    <message>
        <source>Complete households entered in less than {n} minute(s) per person: too fast to have asked every question. Check them with the village; double-click to open.</source>
        <translation>已完成的户中，平均每人录入用时不到 {n} 分钟的：这么短的时间不可能把每个问题都问到。请与村里核实；双击可打开该户。</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>用时（分钟）</translation>
    </message>
    <message>
        <source>Minutes per person</source>
        <translation>每人用时（分钟）</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>录入人</translation>
    </message>
    <message>
        <source>Interview</source>
        <translation>访谈时间</translation>
    </message>
</context>
<context>
    <name>JobDialog</name>
    <message>
        <source>Job posting</source>
        <translation>岗位信息</translation>
    </message>
    <message>
        <source>Edit job posting</source>
        <translation>修改岗位信息</translation>
    </message>
    <message>
        <source>Employer (用工单位)</source>
        <translation>用工单位</translation>
    </message>
    <message>
        <source>Post (岗位名称)</source>
        <translation>岗位名称</translation>
    </message>
    <message>
        <source>Trade (工种)</source>
        <translation>工种</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>工作省份</translation>
    </message>
    <message>
        <source>City</source>
        <translation>工作城市</translation>
    </message>
    <message>
        <source>County or district</source>
        <translation>工作区县</translation>
    </message>
    <message>
        <source>Monthly pay from (yuan)</source>
        <translation>月薪下限（元）</translation>
    </message>
    <message>
        <source>Monthly pay to (yuan)</source>
        <translation>月薪上限（元）</translation>
    </message>
    <message>
        <source>Openings</source>
        <translation>招聘人数</translation>
    </message>
    <message>
        <source>Youngest age</source>
        <translation>最低年龄</translation>
    </message>
    <message>
        <source>Oldest age</source>
        <translation>最高年龄</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别要求</translation>
    </message>
    <message>
        <source>Least education</source>
        <translation>学历要求（最低）</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Closing date (YYYY-MM-DD)</source>
        <translation>截止日期（如 2026-12-31）</translation>
    </message>
    <message>
        <source>The whole county</source>
        <translation>全县</translation>
    </message>
    <message>
        <source>Sent to</source>
        <translation>发布范围</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>JobMatchesDialog</name>
    <message>
        <source>Suitable job postings</source>
        <translation>推荐岗位</translation>
    </message>
    <message>
        <source>Looking for postings…</source>
        <translation>正在查找合适岗位…</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>匹配分</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>用工单位</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位名称</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>工作地点</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>推荐理由</translation>
    </message>
    <message>
        <source>Push (推送)</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>This person is not looking for work (not unemployed and no wish for a job), or is outside 16–64 years.</source>
        <translation>此人不在匹配范围：未就业或有就业意愿的16至64岁、不在校人员才推荐岗位。</translation>
    </message>
    <message>
        <source>No open posting fits {name} yet. Postings come with the county&apos;s return bundles.</source>
        <translation>暂无适合{name}的在招岗位。岗位信息随县里的回传包到村。</translation>
    </message>
    <message>
        <source>Best postings for {name} (wished trade: {wish})</source>
        <translation>{name}的推荐岗位（意向工种：{wish}）</translation>
    </message>
    <message>
        <source>Recorded: {post} pushed to {name} on {date}.</source>
        <translation>已记录：{date} 向{name}推送了“{post}”。</translation>
    </message>
</context>
<context>
    <name>JobsTab</name>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Import a sheet…</source>
        <translation>导入岗位表…</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>用工单位</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位名称</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>工种</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>工作地点</translation>
    </message>
    <message>
        <source>Monthly pay (yuan)</source>
        <translation>月薪（元）</translation>
    </message>
    <message>
        <source>Requirements</source>
        <translation>要求</translation>
    </message>
    <message>
        <source>Closing date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Sent to</source>
        <translation>发布范围</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Saved: {post}. It reaches the villages with the next return bundles.</source>
        <translation>已保存：{post}。随下次回传包发到各村。</translation>
    </message>
    <message>
        <source>Import job postings</source>
        <translation>导入岗位表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Imported: {added} new, {updated} updated, {unchanged} unchanged.</source>
        <translation>已导入：新增 {added} 个，更新 {updated} 个，未变 {unchanged} 个。</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新开放</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{open} open postings, {closed} closed.</source>
        <translation>{open} 个在招岗位，{closed} 个已关闭。</translation>
    </message>
    <message>
        <source>Whole county</source>
        <translation>全县</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在招</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>KeepBothDialog</name>
    <message>
        <source>Keep both records</source>
        <translation>两条都保留</translation>
    </message>
    <message>
        <source>Both records with ID number {id} stand. Why? (for example: works in the other village, registration not moved yet)</source>
        <translation>证件号码 {id} 的两条记录都保留，原因是什么？（例如：在外村务工、户籍尚未迁移）</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>都保留</translation>
    </message>
</context>
<context>
    <name>LedgerWizard</name>
    <message>
        <source>Import a ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <source>Choose the ledger to import: an Excel workbook (.xlsx or .xls, also saved from WPS) or a CSV file (UTF-8 or GBK).</source>
        <translation>选择要导入的台账：Excel 工作簿（.xlsx 或 .xls，WPS 另存的也可以）或 CSV 文件（UTF-8 或 GBK）。</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>表头</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>These values are not choices of the questionnaire. Say once what each one means:</source>
        <translation>下面这些值不是问卷中的选项，请逐个说明它们的意思（每个只问一次）：</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Means</source>
        <translation>对应选项</translation>
    </message>
    <message>
        <source>Problems (sheet, row, column):</source>
        <translation>问题（工作表、行、列）：</translation>
    </message>
    <message>
        <source>Answers in the store that would be overwritten:</source>
        <translation>将被覆盖的已有答案：</translation>
    </message>
    <message>
        <source>Import only the households without problems (the others are written to a workbook)</source>
        <translation>只导入没有问题的户（其余的行连同原因写入一个工作簿）</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Choose a ledger</source>
        <translation>选择台账</translation>
    </message>
    <message>
        <source>Ledgers (*.xlsx *.xlsm *.et *.xls *.csv);;All files (*)</source>
        <translation>台账 (*.xlsx *.xlsm *.et *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading the ledger</source>
        <translation>正在读取台账</translation>
    </message>
    <message>
        <source>Sheet {sheet}, header on row {rows}. {n} column(s) are not matched to a question (listed first).</source>
        <translation>工作表 {sheet}，表头在第 {rows} 行。有 {n} 列没有对应到问题（排在最前面）。</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>(leave unanswered)</source>
        <translation>（不填）</translation>
    </message>
    <message>
        <source>{households} household(s), {people} people: {new} new, {updated} updated, {same} unchanged; {problems} problem(s).</source>
        <translation>共 {households} 户 {people} 人：新增 {new} 户，更新 {updated} 户，未变 {same} 户；{problems} 个问题。</translation>
    </message>
    <message>
        <source>The ledger has problems: correct them in the file, or tick “Import only the households without problems”.</source>
        <translation>台账中有问题：请在文件中改正，或勾选“只导入没有问题的户”。</translation>
    </message>
    <message>
        <source>Imported: {new} new, {updated} updated, {same} unchanged, {rejected} not imported ({drafts} saved as drafts).</source>
        <translation>已导入：新增 {new} 户，更新 {updated} 户，未变 {same} 户，未导入 {rejected} 户（其中 {drafts} 户存为草稿）。</translation>
    </message>
    <message>
        <source>Rows not imported, with the reasons: {path}</source>
        <translation>未导入的行及原因：{path}</translation>
    </message>
    <message>
        <source>Importing the ledger</source>
        <translation>正在导入台账</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>农户名单</translation>
    </message>
    <message>
        <source>New household</source>
        <translation>新增农户</translation>
    </message>
    <message>
        <source>Households to visit</source>
        <translation>应走访名单</translation>
    </message>
    <message>
        <source>Correction requests</source>
        <translation>核实要求</translation>
    </message>
    <message>
        <source>Phone spot checks</source>
        <translation>电话抽查</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Export to USB</source>
        <translation>导出到U盘</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import a ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>设备登记</translation>
    </message>
    <message>
        <source>Villages and devices</source>
        <translation>村和设备</translation>
    </message>
    <message>
        <source>Return bundles</source>
        <translation>回传</translation>
    </message>
    <message>
        <source>Job postings</source>
        <translation>岗位信息</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Household search</source>
        <translation>农户查询</translation>
    </message>
    <message>
        <source>County definitions</source>
        <translation>统计口径</translation>
    </message>
    <message>
        <source>Publish questionnaire…</source>
        <translation>发布问卷…</translation>
    </message>
    <message>
        <source>Users and keys</source>
        <translation>用户与密钥</translation>
    </message>
    <message>
        <source>Add a user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Change my passphrase…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>Back up the county keys…</source>
        <translation>备份县级密钥…</translation>
    </message>
    <message>
        <source>Restore the county keys from a backup…</source>
        <translation>从备份恢复县级密钥…</translation>
    </message>
    <message>
        <source>Recover a village key file…</source>
        <translation>恢复村级密钥文件…</translation>
    </message>
    <message>
        <source>The county keys have no current backup: back them up now</source>
        <translation>县级密钥还没有最新的备份：请立即备份</translation>
    </message>
    <message>
        <source>Questionnaire: {title} {version}</source>
        <translation>问卷：{title} {version}</translation>
    </message>
    <message>
        <source>Mopai</source>
        <translation>摸排</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>The household on this card is not in this workspace.</source>
        <translation>这张明白卡上的农户不在本机。</translation>
    </message>
    <message>
        <source>User {name} added.</source>
        <translation>已添加用户 {name}。</translation>
    </message>
    <message>
        <source>Passphrase changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>County keys backed up to {path}.</source>
        <translation>县级密钥已备份到 {path}。</translation>
    </message>
    <message>
        <source>County keys restored. Key fingerprint: {fp}</source>
        <translation>县级密钥已恢复。密钥指纹：{fp}</translation>
    </message>
    <message>
        <source>New passphrase set for {name}: copy the key file back into the village workspace.</source>
        <translation>已为 {name} 设置新密码：请把密钥文件拷回村里的工作区。</translation>
    </message>
</context>
<context>
    <name>MopaiApp</name>
    <message>
        <source>Preparing the demo village…</source>
        <translation>正在准备演示村…</translation>
    </message>
    <message>
        <source>Mopai — {name} ({code})</source>
        <translation>摸排 — {name}（{code}）</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
</context>
<context>
    <name>NamesBanner</name>
    <message>
        <source>Import the area list…</source>
        <translation>导入乡镇和村名单…</translation>
    </message>
    <message>
        <source>{n} townships or villages have no name, only a code ({codes}): import the county&apos;s area list (乡镇、村名单) so that every screen shows their names.</source>
        <translation>{n} 个乡镇或村只有代码、没有名称（{codes}）：请导入全县的乡镇和村名单，各页面就会显示名称。</translation>
    </message>
</context>
<context>
    <name>PublishFormDialog</name>
    <message>
        <source>Publish a questionnaire</source>
        <translation>发布问卷</translation>
    </message>
    <message>
        <source>Questionnaire in use: {form} {version}</source>
        <translation>正在使用的问卷：{form} {version}</translation>
    </message>
    <message>
        <source>The workbook is checked first. Once published, every village and township receives it with its next return bundle, and new enrolments with their setup file; its version must be newer than the one in use.</source>
        <translation>工作簿先经过检查。发布后，各村和乡镇在下一次回传包中收到它，新登记的设备在登记回执中收到它；版本号必须比正在使用的新。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Workbook (.xlsx)</source>
        <translation>问卷工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>Reason (for the audit log)</source>
        <translation>发布原因（记入审计日志）</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose the questionnaire workbook</source>
        <translation>选择问卷工作簿</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QuarantineView</name>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户信息</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Why it was kept aside</source>
        <translation>隔离原因</translation>
    </message>
    <message>
        <source>Nothing in quarantine.</source>
        <translation>没有被隔离的记录。</translation>
    </message>
    <message>
        <source>Approve the move…</source>
        <translation>批准迁户…</translation>
    </message>
    <message>
        <source>unreadable record {id}</source>
        <translation>无法读取的记录 {id}</translation>
    </message>
    <message>
        <source>Village {code}, household {household}</source>
        <translation>村 {code}，户 {household}</translation>
    </message>
    <message>
        <source>Revision made by {who} on {when}, device {device}; received {received}</source>
        <translation>由 {who} 于 {when} 在设备 {device} 上修改；{received} 收到</translation>
    </message>
    <message>
        <source>Reasons:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Village {claimant} changed a household of village {owner}. If the household has moved, approve the move; otherwise nothing of this change is used.</source>
        <translation>村 {claimant} 修改了村 {owner} 的户。如果该户确已迁入，请批准迁户；否则这次修改不会被采用。</translation>
    </message>
    <message>
        <source>The revision is kept here and not merged. Ask the village to correct the record and send it again.</source>
        <translation>这个版本保存在这里，没有合并。请村里改正这条记录后重新报送。</translation>
    </message>
    <message>
        <source>Approved: the household now belongs to village {code}.</source>
        <translation>已批准：该户现属于村 {code}。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RecoverDialog</name>
    <message>
        <source>Recover a village key file</source>
        <translation>恢复村级密钥文件</translation>
    </message>
    <message>
        <source>A village forgot its passphrase: copy the key file (mopai.keys) of its workspace here, set a new passphrase for the user, and copy the file back.</source>
        <translation>村里忘记了密码：把该村工作区的密钥文件（mopai.keys）拷到这里，为该用户设置新密码，再把文件拷回去。</translation>
    </message>
    <message>
        <source>Village key file</source>
        <translation>村级密钥文件</translation>
    </message>
    <message>
        <source>Village user</source>
        <translation>村里的用户</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>再输一遍</translation>
    </message>
    <message>
        <source>Set new passphrase</source>
        <translation>设置新密码</translation>
    </message>
    <message>
        <source>Key file (*.keys);;All files (*)</source>
        <translation>密钥文件 (*.keys);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the key file and name the village user.</source>
        <translation>请选择密钥文件并填写村里的用户名。</translation>
    </message>
</context>
<context>
    <name>RemoveAnswersDialog</name>
    <message>
        <source>Answers that no longer apply</source>
        <translation>不再适用的答案</translation>
    </message>
    <message>
        <source>These {n} answers belong to questions that no longer apply to this household. Saving as complete removes them; they stay in the history, from which they can be restored.</source>
        <translation>以下 {n} 个答案所属的问题对本户已不再适用。保存为完成将清除这些答案；清除的值保留在修改历史中，可以从历史中恢复。</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>本户</translation>
    </message>
    <message>
        <source>Member {n} {name}</source>
        <translation>第{n}位 {name}</translation>
    </message>
    <message>
        <source>Remove them and save as complete</source>
        <translation>清除并保存为完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RepeatEditor</name>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>The count (repeat_count) still asks for {want}: a blank entry takes its place. To have fewer, change that answer first.</source>
        <translation>应有条数（repeat_count）仍为 {want}：删除后会补上一条空白条目。要减少条数，请先改那一题的答案。</translation>
    </message>
    <message>
        <source>Remove entry</source>
        <translation>删除条目</translation>
    </message>
    <message>
        <source>Remove entry {n} of {list} and its answers?</source>
        <translation>删除“{list}”的第 {n} 条及其答案吗？</translation>
    </message>
    <message>
        <source>The number of entries is set by repeat_count ({count}): they are added by themselves; change that answer to have more.</source>
        <translation>条数由 repeat_count（{count}）决定，会自动添加；要增加，请改那一题的答案。</translation>
    </message>
    <message>
        <source>Members {numbers} are beyond the {want} asked for (repeat_count: {count}). Nothing is removed by itself: check them and remove those not needed (Remove).</source>
        <translation>第 {numbers} 位成员超出应有的 {want} 人（repeat_count：{count}）。不会自动删除：请核对，把不需要的删除（“删除”）。</translation>
    </message>
    <message>
        <source>Entries {numbers} are beyond the {want} asked for (repeat_count: {count}). Nothing is removed by itself: check them and remove those not needed (Remove).</source>
        <translation>第 {numbers} 条超出应有的 {want} 条（repeat_count：{count}）。不会自动删除：请核对，把不需要的删除（“删除”）。</translation>
    </message>
    <message>
        <source>Whether this question applies cannot be decided yet (an answer it depends on is missing or wrong); the answer is kept.</source>
        <translation>暂时无法确定此题是否需要填写（所依据的答案缺失或有误），答案先保留。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>County summary workbook</source>
        <translation>全县汇总表</translation>
    </message>
    <message>
        <source>Figures by township and village, the 零就业家庭 list, the 一库五册 rosters, data quality and the township rankings, in one Excel workbook.</source>
        <translation>分乡镇、分村指标，零就业家庭名单，一库五册名册，数据质量和乡镇排名，合在一个Excel工作簿中。</translation>
    </message>
    <message>
        <source>Make the summary workbook…</source>
        <translation>生成汇总表…</translation>
    </message>
    <message>
        <source>Ledger (台账)</source>
        <translation>台账</translation>
    </message>
    <message>
        <source>One row per person of a village or a township.</source>
        <translation>一个村或乡镇的台账，每人一行。</translation>
    </message>
    <message>
        <source>Make the ledger…</source>
        <translation>生成台账…</translation>
    </message>
    <message>
        <source>Data for analysts</source>
        <translation>分析用数据（每户一行、每人一行）</translation>
    </message>
    <message>
        <source>csv (Excel, WPS)</source>
        <translation>csv（Excel、WPS）</translation>
    </message>
    <message>
        <source>sav (SPSS)</source>
        <translation>sav（SPSS）</translation>
    </message>
    <message>
        <source>dta (Stata 14+, SPSS)</source>
        <translation>dta（Stata 14 及以上、SPSS）</translation>
    </message>
    <message>
        <source>Export households and persons to a folder…</source>
        <translation>导出户和人员数据到文件夹…</translation>
    </message>
    <message>
        <source>The language of the questions and choices in the ledger; the ledger&apos;s own words stay Chinese</source>
        <translation>台账中题目和选项所用的语言；台账本身的文字仍为中文</translation>
    </message>
    <message>
        <source>Chinese (official)</source>
        <translation>中文（正式台账）</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>汇总表</translation>
    </message>
    <message>
        <source>Save the summary workbook</source>
        <translation>保存汇总表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <source>Save the ledger</source>
        <translation>保存台账</translation>
    </message>
    <message>
        <source>Folder for households, persons, each other repeat and the codebook</source>
        <translation>选择存放户、人员、其他重复组数据和变量说明的文件夹</translation>
    </message>
    <message>
        <source>Writing {file}…</source>
        <translation>正在写入 {file}…</translation>
    </message>
    <message>
        <source>Writing the summary workbook…</source>
        <translation>正在生成汇总表…</translation>
    </message>
    <message>
        <source>Writing the ledger…</source>
        <translation>正在生成台账…</translation>
    </message>
    <message>
        <source>Exporting the data…</source>
        <translation>正在导出数据…</translation>
    </message>
    <message>
        <source>Written: {file}</source>
        <translation>已生成：{file}</translation>
    </message>
</context>
<context>
    <name>RestoreDraftDialog</name>
    <message>
        <source>Restore unsaved household?</source>
        <translation>恢复未保存的农户？</translation>
    </message>
    <message>
        <source>Mopai did not close normally. A household you were editing was saved as a draft at {time}:</source>
        <translation>摸排上次没有正常关闭。您正在填写的一户已于 {time} 自动存为草稿：</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>放弃草稿</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
</context>
<context>
    <name>RestoreKeysDialog</name>
    <message>
        <source>Restore the county keys</source>
        <translation>恢复县级密钥</translation>
    </message>
    <message>
        <source>On a new county laptop: create the county workspace with the same county code, then restore the keys from the backup. The key fingerprint shown afterwards must be the one the villages know.</source>
        <translation>在新的县级电脑上：先用相同的县级代码创建县级工作区，再从备份恢复密钥。恢复后显示的密钥指纹必须与各村掌握的指纹一致。</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>备份密码</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>County key backup (*{suffix});;All files (*)</source>
        <translation>县级密钥备份 (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the backup file.</source>
        <translation>请选择备份文件。</translation>
    </message>
</context>
<context>
    <name>ReturnsDialog</name>
    <message>
        <source>Return bundles to the villages (回传)</source>
        <translation>回传</translation>
    </message>
    <message>
        <source>What waits to go back to each village: revisions its laptops do not have yet (the county&apos;s corrections and decisions, what its other laptops sent), acknowledgements of the bundles received and review decisions made since the last return bundle.</source>
        <translation>各村待回传的内容：该村电脑还没有的修订（县里的更正和处理结果、该村其他电脑报送的修订），以及上次回传之后收到的数据包的确认和作出的审核结果。</translation>
    </message>
    <message>
        <source>What waits to go back to each village of the township: the township&apos;s review decisions made since its last bundle for the village, and the county&apos;s return bundles this office holds for it (imported from the county&apos;s stick), copied unchanged.</source>
        <translation>每个村等待回传的内容：本乡镇上次给该村回传之后作出的审核意见，以及本乡镇代为保管的县里给该村的回传包（从县里的 U 盘导入），原样复制。</translation>
    </message>
    <message>
        <source>Every village with something to send</source>
        <translation>所有有内容待回传的村</translation>
    </message>
    <message>
        <source>Every village of the township</source>
        <translation>一个乡镇的所有村</translation>
    </message>
    <message>
        <source>The villages selected above</source>
        <translation>上面选中的村</translation>
    </message>
    <message>
        <source>Plug in the USB stick and choose it below, or choose a folder.</source>
        <translation>请插入 U 盘并在下面选择，或选择一个文件夹。</translation>
    </message>
    <message>
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Print handover slip (PDF)…</source>
        <translation>打印交接单（PDF）…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备数</translation>
    </message>
    <message>
        <source>Revisions to send</source>
        <translation>待发修订</translation>
    </message>
    <message>
        <source>Acknowledgements owed</source>
        <translation>待确认修订</translation>
    </message>
    <message>
        <source>Last return bundle</source>
        <translation>上次回传</translation>
    </message>
    <message>
        <source>Review decisions</source>
        <translation>待发审核结果</translation>
    </message>
    <message>
        <source>County bundles to carry</source>
        <translation>代转县回传包</translation>
    </message>
    <message>
        <source>“311” service records</source>
        <translation>“311”服务记录</translation>
    </message>
    <message>
        <source>Job postings</source>
        <translation>岗位信息</translation>
    </message>
    <message>
        <source>(the township&apos;s own office)</source>
        <translation>（乡镇本级）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未回传</translation>
    </message>
    <message>
        <source>No active device: enrol one first</source>
        <translation>没有有效的设备：请先登记设备</translation>
    </message>
    <message>
        <source>No USB stick found: plug one in and press “Look again”, or choose a folder.</source>
        <translation>没有找到 U 盘：请插入 U 盘后点“重新查找”，或选择一个文件夹。</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Writing and verifying the return bundles…</source>
        <translation>正在写入并校验回传包…</translation>
    </message>
    <message>
        <source>Save the handover slip</source>
        <translation>保存交接单</translation>
    </message>
    <message>
        <source>Destination: {folder}</source>
        <translation>写入位置：{folder}</translation>
    </message>
    <message>
        <source>Write {n} return bundles</source>
        <translation>写出 {n} 个回传包</translation>
    </message>
    <message>
        <source>Writing… do not remove the stick.</source>
        <translation>正在写入……请不要拔出 U 盘。</translation>
    </message>
    <message>
        <source>{n} return bundles written and verified. It is now safe to remove the stick.</source>
        <translation>已写入并校验 {n} 个回传包，现在可以拔出 U 盘。</translation>
    </message>
    <message>
        <source>{n} villages failed, listed below.</source>
        <translation>{n} 个村未能写出，见下方列表。</translation>
    </message>
    <message>
        <source>The return bundles could not be written: {reason}</source>
        <translation>回传包未能写出：{reason}</translation>
    </message>
    <message>
        <source>Nothing to write for this choice.</source>
        <translation>所选范围内没有需要回传的村。</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Review household</source>
        <translation>审核农户</translation>
    </message>
    <message>
        <source>Comment to the village (required to send back, at most {n} characters):</source>
        <translation>给村里的意见（退回修改时必填，最多 {n} 字）：</translation>
    </message>
    <message>
        <source>Questions concerned (optional): the village sees the comment beside them</source>
        <translation>涉及的问题（可选）：村里会在这些问题旁看到意见</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>Send back for correction</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{at} {by}: {decision} {comment}</source>
        <translation>{at} {by}：{decision} {comment}</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>sent back</source>
        <translation>退回修改</translation>
    </message>
    <message>
        <source>Not reviewed yet.</source>
        <translation>尚未审核。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Household {no} {head} — now: {state}</source>
        <translation>户 {no} {head} — 当前：{state}</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Conflicts ({n})</source>
        <translation>冲突（{n}）</translation>
    </message>
    <message>
        <source>Quarantine ({n})</source>
        <translation>隔离（{n}）</translation>
    </message>
    <message>
        <source>Duplicate ID numbers ({n})</source>
        <translation>重复证件号（{n}）</translation>
    </message>
    <message>
        <source>Household review ({n})</source>
        <translation>审核（{n}）</translation>
    </message>
    <message>
        <source>Sent back ({n})</source>
        <translation>被退回（{n}）</translation>
    </message>
    <message>
        <source>Fast interviews ({n})</source>
        <translation>访谈过快（{n}）</translation>
    </message>
    <message>
        <source>Fast interviews</source>
        <translation>访谈过快</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>{n} items wait for a person.</source>
        <translation>有 {n} 项等待人工处理。</translation>
    </message>
    <message>
        <source>Reading the interviews…</source>
        <translation>正在读取访谈记录…</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Revoke a device</source>
        <translation>吊销设备</translation>
    </message>
    <message>
        <source>Revoke {device} of {village}?</source>
        <translation>吊销 {village} 的设备 {device}？</translation>
    </message>
    <message>
        <source>Reason (lost, stolen, replaced…):</source>
        <translation>原因（丢失、被盗、更换…）：</translation>
    </message>
    <message>
        <source>I understand: bundles from this device will be refused and it cannot be enrolled again</source>
        <translation>我明白：此后该设备的数据包将被拒收，且不能再次登记</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Roster</name>
    <message>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>All members</source>
        <translation>成员一览</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户信息</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（未填姓名）</translation>
    </message>
</context>
<context>
    <name>RosterGrid</name>
    <message>
        <source>Errors and warnings</source>
        <translation>错误和提示</translation>
    </message>
</context>
<context>
    <name>ServicesDialog</name>
    <message>
        <source>311 services</source>
        <translation>“311”就业服务</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>服务对象</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务类型</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>服务日期</translation>
    </message>
    <message>
        <source>Posting</source>
        <translation>岗位编号</translation>
    </message>
    <message>
        <source>Served by</source>
        <translation>服务人</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Record a service</source>
        <translation>登记服务</translation>
    </message>
    <message>
        <source>Job push</source>
        <translation>岗位推送</translation>
    </message>
    <message>
        <source>Career guidance</source>
        <translation>职业指导</translation>
    </message>
    <message>
        <source>Training referral</source>
        <translation>培训引导</translation>
    </message>
    <message>
        <source>Start-up support</source>
        <translation>创业服务</translation>
    </message>
    <message>
        <source>The posting&apos;s number (job push only)</source>
        <translation>推送岗位的编号（仅岗位推送）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Outcome of the selected service</source>
        <translation>所选服务的结果</translation>
    </message>
    <message>
        <source>Awaiting feedback</source>
        <translation>待反馈</translation>
    </message>
    <message>
        <source>Placed in work</source>
        <translation>已上岗</translation>
    </message>
    <message>
        <source>Not successful</source>
        <translation>未成功</translation>
    </message>
    <message>
        <source>Record outcome</source>
        <translation>登记结果</translation>
    </message>
    <message>
        <source>Confirm the placement as the person&apos;s work</source>
        <translation>确认就业（写入问卷）</translation>
    </message>
    <message>
        <source>Writes the employment status, employer and start month into the household: a new revision. If other work questions are still unanswered it is saved as a draft.</source>
        <translation>把就业状态、务工单位和就业起始年月写入该户：保存为新的修订。如还有务工问题未填，保存为草稿，请到问卷中补全。</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>用工单位</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>上岗日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>未成功原因</translation>
    </message>
    <message>
        <source>Employment status</source>
        <translation>就业状态</translation>
    </message>
    <message>
        <source>{n} services recorded</source>
        <translation>已登记服务 {n} 条</translation>
    </message>
    <message>
        <source> · confirmed</source>
        <translation> · 已确认就业</translation>
    </message>
    <message>
        <source>Saved: {name}, {kind}</source>
        <translation>已保存：{name}，{kind}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Same as the app</source>
        <translation>与界面语言相同</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Never lock</source>
        <translation>不自动锁定</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Questionnaire language</source>
        <translation>问卷语言</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Lock after idle</source>
        <translation>无操作自动锁定</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Mopai — first start</source>
        <translation>摸排 — 首次使用</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Welcome to Mopai. There is no workspace on this computer yet.</source>
        <translation>欢迎使用摸排。这台电脑上还没有工作区。</translation>
    </message>
    <message>
        <source>Create a workspace for my village, township or county</source>
        <translation>为本村、乡镇或县创建工作区</translation>
    </message>
    <message>
        <source>Open the demo village (synthetic data, to try things out)</source>
        <translation>打开演示村（模拟数据，供试用）</translation>
    </message>
    <message>
        <source>Who will use this computer?</source>
        <translation>这台电脑由谁使用？</translation>
    </message>
    <message>
        <source>A village (村)</source>
        <translation>村</translation>
    </message>
    <message>
        <source>A township (乡镇)</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>A county bureau (县人社局)</source>
        <translation>县人社局</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Your name (first user)</source>
        <translation>您的姓名（第一个用户）</translation>
    </message>
    <message>
        <source>At least {n} characters. Nobody can recover the data without it, except the county with its recovery key.</source>
        <translation>至少 {n} 个字符。忘记密码后，只有县里用恢复密钥才能找回数据。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Repeat passphrase</source>
        <translation>再输一次密码</translation>
    </message>
    <message>
        <source>Choose: create a workspace or open the demo.</source>
        <translation>请选择：创建工作区或打开演示村。</translation>
    </message>
    <message>
        <source>Choose village, township or county.</source>
        <translation>请选择村、乡镇或县。</translation>
    </message>
    <message>
        <source>The code must have {n} digits.</source>
        <translation>区划代码必须是 {n} 位数字。</translation>
    </message>
    <message>
        <source>Enter the name of the village, township or county.</source>
        <translation>请填写村、乡镇或县的名称。</translation>
    </message>
    <message>
        <source>Enter a user name (at most 64 characters).</source>
        <translation>请填写用户名（最多 64 个字）。</translation>
    </message>
    <message>
        <source>The passphrase needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>The passphrase is too easy to guess: make it longer or mix letters, digits and signs.</source>
        <translation>密码太容易被猜到：请加长，或混用字母、数字和符号。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Administrative code ({n} digits)</source>
        <translation>区划代码（{n} 位）</translation>
    </message>
    <message>
        <source>village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>county</source>
        <translation>县</translation>
    </message>
    <message>
        <source>Create a {role} workspace “{name}” ({code}) with the user “{user}”?</source>
        <translation>创建{role}级工作区“{name}”（{code}），第一个用户为“{user}”？</translation>
    </message>
    <message>
        <source>too weak</source>
        <translation>太弱</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>good</source>
        <translation>较强</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>强</translation>
    </message>
    <message>
        <source>Creating the workspace…</source>
        <translation>正在创建工作区…</translation>
    </message>
</context>
<context>
    <name>SpotCheckDialog</name>
    <message>
        <source>Phone spot checks</source>
        <translation>电话抽查</translation>
    </message>
</context>
<context>
    <name>SpotCheckTab</name>
    <message>
        <source>Persons per village</source>
        <translation>每村人数</translation>
    </message>
    <message>
        <source>Share of each village</source>
        <translation>每村比例</translation>
    </message>
    <message>
        <source>Weight of 脱贫户/监测户</source>
        <translation>脱贫户/监测户权重</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Draw and write the call sheet…</source>
        <translation>抽样并生成抽查表…</translation>
    </message>
    <message>
        <source>Record a filled sheet…</source>
        <translation>录入填好的抽查表…</translation>
    </message>
    <message>
        <source>Reach rate and accuracy</source>
        <translation>接通率和准确率</translation>
    </message>
    <message>
        <source>Correction requests</source>
        <translation>核实要求</translation>
    </message>
    <message>
        <source>公益性岗位 checks</source>
        <translation>公益性岗位核查</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>拨打</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>接通</translation>
    </message>
    <message>
        <source>Answers checked</source>
        <translation>核对项数</translation>
    </message>
    <message>
        <source>Agreeing</source>
        <translation>一致项数</translation>
    </message>
    <message>
        <source>Reach rate</source>
        <translation>接通率</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>核查项目</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>记录值</translation>
    </message>
    <message>
        <source>Heard</source>
        <translation>核实值</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Write the call sheet</source>
        <translation>保存抽查表</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
    <message>
        <source>Drawn: {n} persons; call sheet written (draw {id}).</source>
        <translation>已抽取 {n} 人，抽查表已生成（抽样编号 {id}）。</translation>
    </message>
    <message>
        <source>Record a filled call sheet</source>
        <translation>录入填好的抽查表</translation>
    </message>
    <message>
        <source>Recorded: {calls} calls, {corr} correction requests; {same} rows were recorded before.</source>
        <translation>已录入 {calls} 个通话结果，生成 {corr} 条核实要求；{same} 行以前已录入。</translation>
    </message>
    <message>
        <source>公益性岗位 checks ({n})</source>
        <translation>公益性岗位核查（{n}）</translation>
    </message>
</context>
<context>
    <name>StoreClient</name>
    <message>
        <source>Adding the user…</source>
        <translation>正在添加用户…</translation>
    </message>
    <message>
        <source>Changing the passphrase…</source>
        <translation>正在修改密码…</translation>
    </message>
    <message>
        <source>Backing up the county keys…</source>
        <translation>正在备份县级密钥…</translation>
    </message>
    <message>
        <source>Restoring the county keys…</source>
        <translation>正在恢复县级密钥…</translation>
    </message>
    <message>
        <source>Recovering the key file…</source>
        <translation>正在恢复密钥文件…</translation>
    </message>
    <message>
        <source>Reading the expected households…</source>
        <translation>正在读取应调查户数…</translation>
    </message>
    <message>
        <source>Reading the area list…</source>
        <translation>正在读取区划名单…</translation>
    </message>
    <message>
        <source>Importing the postings…</source>
        <translation>正在导入岗位表…</translation>
    </message>
</context>
<context>
    <name>StoreWorker</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <source>Last network sync</source>
        <translation>上次网络同步</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>同步包</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>No network sync has run since the app was unlocked.</source>
        <translation>本次解锁后还没有进行过网络同步。</translation>
    </message>
    <message>
        <source>{time}: the sync did not finish: {error}</source>
        <translation>{time}：同步未完成：{error}</translation>
    </message>
    <message>
        <source>{time}: county server {server}. Sent {sent}, received {received}, imported {imported}, rejected {rejected}.</source>
        <translation>{time}：县同步服务 {server}。上传 {sent} 个，收到 {received} 个，导入 {imported} 个，被拒收 {rejected} 个。</translation>
    </message>
    <message>
        <source>partly sent (continues next time)</source>
        <translation>未传完（下次接着传）</translation>
    </message>
    <message>
        <source>received, waiting for import</source>
        <translation>县里已收到，等待导入</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒收</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>{sent} of {size} bytes sent this time</source>
        <translation>本次传了 {sent} / {size} 字节</translation>
    </message>
    <message>
        <source>imported before</source>
        <translation>以前已导入</translation>
    </message>
    <message>
        <source>received</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>SyncStatusButton</name>
    <message>
        <source>Uploading {done}/{total} ({percent}%)</source>
        <translation>正在上传 {done}/{total}（{percent}%）</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>已同步 {time}</translation>
    </message>
    <message>
        <source>Offline (last sync {time})</source>
        <translation>离线（上次同步 {time}）</translation>
    </message>
    <message>
        <source>Offline (not synced yet)</source>
        <translation>离线（尚未同步）</translation>
    </message>
    <message>
        <source>Sync failed: {reason}</source>
        <translation>同步失败：{reason}</translation>
    </message>
    <message>
        <source>Last sync {time}</source>
        <translation>上次同步 {time}</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
</context>
<context>
    <name>TransportView</name>
    <message>
        <source>Only devices not heard from in</source>
        <translation>只看未联系超过</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天的设备</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>User</source>
        <translation>使用人</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最后联系</translation>
    </message>
    <message>
        <source>Last bundle</source>
        <translation>最后收到的同步包</translation>
    </message>
    <message>
        <source>By</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Uploads pending</source>
        <translation>待导入的上传</translation>
    </message>
    <message>
        <source>Return bundles waiting</source>
        <translation>待下载回传包</translation>
    </message>
    <message>
        <source>Return bundles downloaded</source>
        <translation>已下载回传包</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>USB stick</source>
        <translation>U盘</translation>
    </message>
    <message>
        <source>{name} (revoked)</source>
        <translation>{name}（已吊销）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Locked. Enter your passphrase to continue.</source>
        <translation>已锁定。请输入密码继续。</translation>
    </message>
    <message>
        <source>Demo workspace (synthetic data). Passphrase: {p}</source>
        <translation>演示工作区（模拟数据）。密码：{p}</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>VillagesPage</name>
    <message>
        <source>Import from Excel…</source>
        <translation>从Excel导入…</translation>
    </message>
    <message>
        <source>Add township…</source>
        <translation>添加乡镇…</translation>
    </message>
    <message>
        <source>Add village…</source>
        <translation>添加村…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Approve enrolment request…</source>
        <translation>批准设备登记申请…</translation>
    </message>
    <message>
        <source>Revoke device…</source>
        <translation>吊销设备…</translation>
    </message>
    <message>
        <source>Areas and devices</source>
        <translation>村和设备</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Import expected households…</source>
        <translation>导入应调查户数…</translation>
    </message>
    <message>
        <source>An Excel sheet with a 村代码 or 行政村 column and either 应调查户数 (one row per village) or 户号/户主/姓名 (the 户籍 list, one row per household, counted per village). One bad row and nothing is imported.</source>
        <translation>Excel 表：有“村代码”或“行政村”列，以及“应调查户数”列（每村一行）或“户号/户主/姓名”列（户籍名单，每户一行，按村计户）。任何一行有错则全部不导入。</translation>
    </message>
    <message>
        <source>Set expected households…</source>
        <translation>设置应调查户数…</translation>
    </message>
    <message>
        <source>Type the number of households the chosen village should survey, or clear it</source>
        <translation>为所选村填写应调查户数，或清除</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Households surveyed</source>
        <translation>已调查户数</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Last bundle</source>
        <translation>最近数据包</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Expected households</source>
        <translation>应调查户数</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <source>Missing sequence numbers</source>
        <translation>缺少的序号</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>数据包数</translation>
    </message>
    <message>
        <source>(not in the list)</source>
        <translation>（不在名单中）</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No bundle received from this village yet</source>
        <translation>尚未收到该村的任何数据包</translation>
    </message>
    <message>
        <source>Bundles with these sequence numbers never arrived: ask the village to bring them (or to export again)</source>
        <translation>这些序号的数据包没有收到：请该村送来（或重新导出）</translation>
    </message>
    <message>
        <source>Devices of {area}</source>
        <translation>{area} 的设备</translation>
    </message>
    <message>
        <source>revoked {when}: {reason}</source>
        <translation>已吊销 {when}：{reason}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>{seq} (received {when})</source>
        <translation>{seq}（{when} 收到）</translation>
    </message>
    <message>
        <source>Added {code} {name}.</source>
        <translation>已添加 {code} {name}。</translation>
    </message>
    <message>
        <source>Renamed {code} to {name}.</source>
        <translation>已将 {code} 改名为 {name}。</translation>
    </message>
    <message>
        <source>Removed {code}.</source>
        <translation>已删除 {code}。</translation>
    </message>
    <message>
        <source>Remove {code} {name} from the list?</source>
        <translation>从名单中删除 {code} {name}？</translation>
    </message>
    <message>
        <source>Township and village list</source>
        <translation>乡镇和村名单</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Imported {t} townships and {v} villages; they go to the villages with the next setup files and return bundles.</source>
        <translation>已导入 {t} 个乡镇、{v} 个村；名单将随下次登记回执和回传数据包发给各村。</translation>
    </message>
    <message>
        <source>a 户籍 list, households counted per village</source>
        <translation>户籍名单（按村计户）</translation>
    </message>
    <message>
        <source>a sheet of numbers</source>
        <translation>户数表</translation>
    </message>
    <message>
        <source>Read {kind}: {villages} villages, {changed} changed; villages the file does not name keep their number.</source>
        <translation>已读取{kind}：{villages} 个村，改动 {changed} 个；表中未列出的村保持不变。</translation>
    </message>
    <message>
        <source>Expected households of {code} {name}: {n}.</source>
        <translation>{code} {name} 的应调查户数：{n}。</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <source>row {row}</source>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <source>column {column}</source>
        <translation>第 {column} 列</translation>
    </message>
    <message>
        <source>Revoked {device}.</source>
        <translation>已吊销 {device}。</translation>
    </message>
</context>
<context>
    <name>VisitModel</name>
    <message>
        <source>Group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>录入情况</translation>
    </message>
    <message>
        <source>Not yet visited</source>
        <translation>未走访</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>WarningsDialog</name>
    <message>
        <source>Confirm the warnings</source>
        <translation>核实警告</translation>
    </message>
    <message>
        <source>Check each answer below with the household. If it is right, say why in a few words (at most {max} characters): the reason is kept with the answer and the county sees it. Otherwise cancel and correct the answer.</source>
        <translation>请与农户逐条核对以下答案。如无误，请简要说明原因（不超过 {max} 个字）：说明与答案一起保存，县里可以看到。如有误，请取消并改正答案。</translation>
    </message>
    <message>
        <source>Why the answer is right</source>
        <translation>答案无误的原因</translation>
    </message>
    <message>
        <source>Save as complete</source>
        <translation>保存为完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>WeeklyTab</name>
    <message>
        <source>Rank last week</source>
        <translation>计算上周排名</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>总得分</translation>
    </message>
    <message>
        <source>Places moved</source>
        <translation>名次较上周</translation>
    </message>
    <message>
        <source>Survey progress (台账建立进度)</source>
        <translation>台账建立进度</translation>
    </message>
    <message>
        <source>Return-to-work employment rate</source>
        <translation>返岗就业率</translation>
    </message>
    <message>
        <source>Rise (points)</source>
        <translation>提升（百分点）</translation>
    </message>
    <message>
        <source>Zero-employment households eliminated</source>
        <translation>零就业家庭消除进度</translation>
    </message>
    <message>
        <source>Phone spot-check accuracy</source>
        <translation>电话抽查准确率</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Computed from each household&apos;s history as at the end of Sunday and kept: the week prints again the same (mopai weekly). Phone spot-check accuracy: the answers checked in the calls made that week (their call date on the sheet, mopai spotcheck record); in the score only when the county gives it a weight. Marked: in the bottom two this week and last week.</source>
        <translation>按各户修订记录统计到周日24时并保存：这一周再次打印数字不变。电话抽查准确率：本周拨打（以抽查表的通话日期为准）的电话抽查中核对的答案；县里设定权重后才计入总分。标记：本周和上周总排名均在后两位。</translation>
    </message>
    <message>
        <source>Ranking the townships for last week…</source>
        <translation>正在计算上周的乡镇排名…</translation>
    </message>
    <message>
        <source>No weekly ranking kept yet: rank last week.</source>
        <translation>还没有保存的周通报：请点击“计算上周排名”。</translation>
    </message>
    <message>
        <source>Week {start} to {end}</source>
        <translation>统计周：{start} 至 {end}</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开展</translation>
    </message>
    <message>
        <source>Bottom two, two weeks running</source>
        <translation>连续两周排名后两位</translation>
    </message>
</context>
<context>
    <name>_AccountDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
</TS>
