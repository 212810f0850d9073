<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertBanner</name>
    <message>
        <location filename="../desktop/review/alert_banner.py" line="44" />
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../desktop/review/alert_banner.py" line="48" />
        <source>possible cloned device</source>
        <translation>疑似克隆设备</translation>
    </message>
    <message>
        <location filename="../desktop/review/alert_banner.py" line="49" />
        <source>revoked device</source>
        <translation>已吊销的设备</translation>
    </message>
    <message>
        <location filename="../desktop/review/alert_banner.py" line="50" />
        <source>it changed another village's households (kept in quarantine)</source>
        <translation>修改了别村的户（已隔离）</translation>
    </message>
    <message>
        <location filename="../desktop/review/alert_banner.py" line="58" />
        <source>{when}: bundle {file} from device {device}: {reason}</source>
        <translation>{when}：设备 {device} 的数据包 {file}：{reason}</translation>
    </message>
    <message>
        <location filename="../desktop/review/alert_banner.py" line="62" />
        <source>{when}: bundle {file} refused, {reason}, device {device}</source>
        <translation>{when}：数据包 {file} 被拒收，{reason}，设备 {device}</translation>
    </message>
    <message>
        <location filename="../desktop/review/alert_banner.py" line="72" />
        <source>{n} bundle(s) need checking: do not use the data of that laptop until the county has checked it.</source>
        <translation>有 {n} 个数据包需要核查：县里核查之前，请不要使用那台电脑的数据。</translation>
    </message>
    <message>
        <location filename="../desktop/review/alert_banner.py" line="77" />
        <source>… and {n} more</source>
        <translation>……另有 {n} 条</translation>
    </message>
</context>
<context>
    <name>ApproveClaimDialog</name>
    <message>
        <location filename="../desktop/review/claim_dialog.py" line="17" />
        <location filename="../desktop/review/claim_dialog.py" line="23" />
        <source>Approve the move</source>
        <translation>批准迁户</translation>
    </message>
    <message>
        <location filename="../desktop/review/claim_dialog.py" line="18" />
        <source>Household {household} belongs to village {owner}. Village {claimant} changed it. Approve the move: from now on only {claimant} may change it, and {owner} drops it with its next return bundle. Why?</source>
        <translation>户 {household} 属于村 {owner}，村 {claimant} 修改了它。批准迁户后，只有 {claimant} 能修改该户，{owner} 在下一次回传包后不再显示该户。请写明原因：</translation>
    </message>
</context>
<context>
    <name>AreaDialog</name>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="31" />
        <source>Add a township</source>
        <translation>添加乡镇</translation>
    </message>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="31" />
        <source>Add a village</source>
        <translation>添加村</translation>
    </message>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="32" />
        <source>Rename</source>
        <translation>改名</translation>
    </message>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="39" />
        <source>9 digits</source>
        <translation>9位数字</translation>
    </message>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="40" />
        <source>12 digits</source>
        <translation>12位数字</translation>
    </message>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="43" />
        <source>Code (统计用区划代码)</source>
        <translation>代码（统计用区划代码）</translation>
    </message>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="44" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="54" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../desktop/county/area_dialog.py" line="55" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ConflictView</name>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="124" />
        <source>Household</source>
        <translation>户信息</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="124" />
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="124" />
        <source>Before both edits</source>
        <translation>修改前的值</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="125" />
        <source>Value here</source>
        <translation>本机的值</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="125" />
        <source>Value from the bundle</source>
        <translation>数据包带来的值</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="126" />
        <source>Choose the value to keep</source>
        <translation>选择要保留的值</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="127" />
        <source>Keep the chosen value and mark resolved</source>
        <translation>保留所选的值并标记为已处理</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="128" />
        <source>Type a new value</source>
        <translation>填写新值</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="129" />
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="130" />
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="139" />
        <source>Household deleted</source>
        <translation>删除此户</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="141" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="150" />
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="150" />
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="152" />
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="152" />
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="153" />
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="160" />
        <source>revision {id}</source>
        <translation>版本 {id}</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="161" />
        <source>changed by {who} on {when}, device {device}</source>
        <translation>{who} 于 {when} 修改，设备 {device}</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="208" />
        <source>Before both edits: {value}</source>
        <translation>修改前的值：{value}</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="259" />
        <source>Only one of the two values can be kept here.</source>
        <translation>这里只能保留两个值中的一个。</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="261" />
        <source>A multiple-choice answer cannot be typed here: keep one value, then correct it in the household.</source>
        <translation>多选题不能在这里填写新值：请先保留其中一个值，再到该户中修改。</translation>
    </message>
    <message>
        <location filename="../desktop/review/conflict_view.py" line="308" />
        <source>Resolved. The chosen value goes out with the next bundle.</source>
        <translation>已处理。所选的值将随下一个数据包发出。</translation>
    </message>
</context>
<context>
    <name>CountyDashboard</name>
    <message>
        <location filename="../desktop/county/dashboard.py" line="134" />
        <source>Households surveyed</source>
        <translation>已调查户数</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="135" />
        <location filename="../desktop/county/dashboard.py" line="174" />
        <location filename="../desktop/county/dashboard.py" line="329" />
        <source>Labour force</source>
        <translation>劳动力</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="136" />
        <location filename="../desktop/county/dashboard.py" line="330" />
        <source>Employed</source>
        <translation>已就业</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="136" />
        <location filename="../desktop/county/dashboard.py" line="321" />
        <source>Employment rate</source>
        <translation>就业率</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="137" />
        <source>Employment rate, 脱贫户 and 监测户</source>
        <translation>脱贫户和监测户就业率</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="138" />
        <source>Transfer employment</source>
        <translation>转移就业</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="139" />
        <location filename="../desktop/county/dashboard.py" line="325" />
        <source>Zero-employment households</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="140" />
        <source>Want a job</source>
        <translation>有就业意愿</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="140" />
        <source>Want training</source>
        <translation>有培训意愿</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="141" />
        <source>Want to start a business</source>
        <translation>有创业意愿</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="142" />
        <source>Complete on all five (五清)</source>
        <translation>五清全部达标</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="143" />
        <source>五清 share</source>
        <translation>五清达标率</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="144" />
        <source>Last bundle received</source>
        <translation>最近收到数据包</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="144" />
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="145" />
        <source>Missing sequence numbers</source>
        <translation>缺少的序号</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="146" />
        <source>Villages without any bundle</source>
        <translation>从未报送的村</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="147" />
        <source>Villages with missing bundles</source>
        <translation>缺少数据包的村</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="152" />
        <source>County</source>
        <translation>全县</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="156" />
        <location filename="../desktop/county/dashboard.py" line="158" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="156" />
        <location filename="../desktop/county/dashboard.py" line="158" />
        <location filename="../desktop/county/dashboard.py" line="170" />
        <location filename="../desktop/county/dashboard.py" line="173" />
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="158" />
        <location filename="../desktop/county/dashboard.py" line="173" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="160" />
        <source>Townships and villages</source>
        <translation>乡镇和村</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="160" />
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="161" />
        <source>Rankings</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="164" />
        <location filename="../desktop/county/dashboard.py" line="354" />
        <source>Zero-employment households ({n})</source>
        <translation>零就业家庭（{n}）</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="166" />
        <source>Townships by employment rate</source>
        <translation>乡镇就业率排名</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="167" />
        <source>Townships by 五清 completeness</source>
        <translation>乡镇五清完成率排名</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="170" />
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="173" />
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="174" />
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="174" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="186" />
        <location filename="../desktop/county/dashboard.py" line="188" />
        <source>Computing the county figures…</source>
        <translation>正在计算全县数据…</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="300" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="307" />
        <source>No bundle received from this village yet</source>
        <translation>尚未收到该村的任何数据包</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="320" />
        <source>Employment rate by township</source>
        <translation>各乡镇就业率</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="324" />
        <source>Zero-employment households by township</source>
        <translation>各乡镇零就业家庭</translation>
    </message>
    <message>
        <location filename="../desktop/county/dashboard.py" line="328" />
        <source>Labour force and employed by township</source>
        <translation>各乡镇劳动力与已就业人数</translation>
    </message>
</context>
<context>
    <name>CountyEnrolDialog</name>
    <message>
        <location filename="../desktop/county/enrol_dialog.py" line="32" />
        <source>Approve an enrolment request</source>
        <translation>批准设备登记申请</translation>
    </message>
    <message>
        <location filename="../desktop/county/enrol_dialog.py" line="35" />
        <source>Open the request file a village laptop wrote; the setup file to take back is written next to it.</source>
        <translation>打开村里电脑生成的登记申请文件；带回去的登记回执文件会写在它旁边。</translation>
    </message>
    <message>
        <location filename="../desktop/county/enrol_dialog.py" line="37" />
        <source>Open request file…</source>
        <translation>打开申请文件…</translation>
    </message>
    <message>
        <location filename="../desktop/county/enrol_dialog.py" line="46" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../desktop/county/enrol_dialog.py" line="52" />
        <source>Open the request file</source>
        <translation>打开申请文件</translation>
    </message>
    <message>
        <location filename="../desktop/county/enrol_dialog.py" line="53" />
        <source>Enrolment requests (*.mopai-enrol);;All files (*)</source>
        <translation>登记申请文件 (*.mopai-enrol);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../desktop/county/enrol_dialog.py" line="58" />
        <source>Save the setup file</source>
        <translation>保存登记回执文件</translation>
    </message>
    <message>
        <location filename="../desktop/county/enrol_dialog.py" line="70" />
        <source>Approved: {code} {device} ({user}). Setup file: {file}. Read this fingerprint to the village by telephone or on paper:</source>
        <translation>已批准：{code} {device}（{user}）。登记回执：{file}。请通过电话或纸面把下面的指纹告知村里：</translation>
    </message>
</context>
<context>
    <name>CountySettingsDialog</name>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="36" />
        <source>County definitions</source>
        <translation>统计口径</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="38" />
        <source>These definitions change every indicator of every village and township; a change is recorded in the audit log.</source>
        <translation>这些口径会改变每个村和乡镇的所有指标；修改会记入审计日志。</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="46" />
        <source>A different upper bound for 脱贫劳动力</source>
        <translation>脱贫劳动力另设年龄上限</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="51" />
        <source>务农 counts as employed</source>
        <translation>务农计为就业</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="53" />
        <source>Labour age from</source>
        <translation>劳动年龄下限</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="54" />
        <source>Labour age up to (men, not included)</source>
        <translation>劳动年龄上限（男，不含）</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="55" />
        <source>Labour age up to (women, not included)</source>
        <translation>劳动年龄上限（女，不含）</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="67" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="68" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../desktop/county/settings_dialog.py" line="89" />
        <source>The upper bounds must be above the lower bound.</source>
        <translation>年龄上限必须大于下限。</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="112" />
        <source>Survey</source>
        <translation>调查进度</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="112" />
        <source>Labour and employment</source>
        <translation>劳动力与就业</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="113" />
        <source>Wishes</source>
        <translation>意愿</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="113" />
        <source>Sending to the county</source>
        <translation>报送县里</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="116" />
        <source>Zero-employment households (target: none)</source>
        <translation>零就业家庭（目标：清零）</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="118" />
        <source>Households surveyed</source>
        <translation>已调查户数</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="118" />
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="119" />
        <source>Complete on all five (五清)</source>
        <translation>五清全部达标</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="120" />
        <source>Records with errors</source>
        <translation>有错误的记录</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="121" />
        <source>Labour force</source>
        <translation>劳动力</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="121" />
        <source>Employed</source>
        <translation>已就业</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="122" />
        <source>Employment rate</source>
        <translation>就业率</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="123" />
        <source>Employment rate, 脱贫户 and 监测户</source>
        <translation>脱贫户和监测户就业率</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="124" />
        <source>Zero-employment households</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="125" />
        <source>Want a job</source>
        <translation>有就业意愿</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="125" />
        <source>Want training</source>
        <translation>有培训意愿</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="126" />
        <source>Want to start a business</source>
        <translation>有创业意愿</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="127" />
        <source>Changes not yet acknowledged by the county</source>
        <translation>县里尚未确认的修改</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="128" />
        <source>Last export</source>
        <translation>上次导出</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="175" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../desktop/capture/dashboard.py" line="179" />
        <source>{n} in the labour force</source>
        <translation>劳动力 {n} 人</translation>
    </message>
</context>
<context>
    <name>DeleteHouseholdDialog</name>
    <message>
        <location filename="../desktop/capture/delete_dialog.py" line="18" />
        <source>Delete household</source>
        <translation>删除此户</translation>
    </message>
    <message>
        <location filename="../desktop/capture/delete_dialog.py" line="19" />
        <source>Delete household {no} ({head})? Its history is kept, and the deletion is sent to the county with the next export.</source>
        <translation>确定删除户 {no}（{head}）吗？修改记录会保留，删除将在下次导出时报送县里。</translation>
    </message>
    <message>
        <location filename="../desktop/capture/delete_dialog.py" line="24" />
        <source>Reason (for example: moved away, entered twice):</source>
        <translation>删除原因（例如：已迁出、重复录入）：</translation>
    </message>
    <message>
        <location filename="../desktop/capture/delete_dialog.py" line="23" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>DuplicateView</name>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="118" />
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="118" />
        <source>First household</source>
        <translation>第一户</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="119" />
        <source>Second household</source>
        <translation>第二户</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="119" />
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="120" />
        <source>No duplicate ID numbers.</source>
        <translation>没有重复的证件号码。</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="121" />
        <source>Double-click a household to open it. Both records stay until the county decides which one stands.</source>
        <translation>双击一户可打开。两条记录都会保留，直到县里决定以哪一条为准。</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="123" />
        <source>Decide the selected duplicate</source>
        <translation>处理所选的重复证件号码</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="124" />
        <source>Remove this person from this household</source>
        <translation>从此户移除此人</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="125" />
        <source>This household is the current registration</source>
        <translation>此户为现户籍/居住地</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="126" />
        <source>Keep both records</source>
        <translation>两条都保留</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="131" />
        <source>village {code}, household {household}</source>
        <translation>村 {code}，户 {household}</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="134" />
        <source>[public-welfare post]</source>
        <translation>［公益性岗位］</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="177" />
        <source>ID number {id}</source>
        <translation>证件号码 {id}</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="179" />
        <source>holds a public-welfare post in both records</source>
        <translation>两条记录中都在公益性岗位</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="214" />
        <source>Remove {person} (ID number {id}) from household {household} of village {code}? The other record stays; the change is sent back to the village with the next return bundle.</source>
        <translation>从村 {code} 的户 {household} 中移除 {person}（证件号码 {id}）？另一条记录保留；这项修改会随下一个回传数据包发回该村。</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="219" />
        <source>Remove from household</source>
        <translation>从此户移除</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="245" />
        <source>Decided. The decision is kept with the duplicate.</source>
        <translation>已处理。处理结果已随该重复记录保存。</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="33" />
        <source>Enrol with the county</source>
        <translation>向县里登记本机</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="37" />
        <source>1. Request</source>
        <translation>1. 登记申请</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="39" />
        <source>Write a request file and take it to the county.</source>
        <translation>写出申请文件，交给县里。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="40" />
        <source>Write request file…</source>
        <translation>写出申请文件…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="48" />
        <source>2. Setup file from the county</source>
        <translation>2. 县里发回的登记回执</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="50" />
        <source>Open setup file…</source>
        <translation>打开登记回执…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="57" />
        <source>This fingerprint matches, character for character, what the county read out to me</source>
        <translation>这个指纹与县里念给我的逐字一致</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="61" />
        <source>Your passphrase (seals the county recovery slot):</source>
        <translation>您的密码（用于建立县级恢复槽）：</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="66" />
        <source>Accept and enrol</source>
        <translation>接受并登记</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="75" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="83" />
        <source>Save the request file</source>
        <translation>保存申请文件</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="93" />
        <source>Request written: {file}</source>
        <translation>申请文件已写出：{file}</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="98" />
        <source>Open the setup file</source>
        <translation>打开登记回执</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="108" />
        <source>County {code} {name}</source>
        <translation>县 {code} {name}</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="111" />
        <source>Compare this fingerprint with the one the county reads to you by telephone or on paper.</source>
        <translation>请把这个指纹与县里通过电话或纸面告诉您的指纹逐字核对。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/enrol_dialog.py" line="130" />
        <source>Enrolled: this laptop can now send bundles to the county.</source>
        <translation>登记完成：这台电脑现在可以向县里报送数据包了。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../desktop/widgets/error_dialog.py" line="65" />
        <source>Mopai — problem</source>
        <translation>摸排 — 出现问题</translation>
    </message>
    <message>
        <location filename="../desktop/widgets/error_dialog.py" line="66" />
        <source>Mopai — unexpected error</source>
        <translation>摸排 — 意外错误</translation>
    </message>
    <message>
        <location filename="../desktop/widgets/error_dialog.py" line="69" />
        <source>Something went wrong inside Mopai. Your saved data is safe; unsaved changes are kept as a draft. Please copy the details and send them to the county.</source>
        <translation>摸排程序内部出错。已保存的数据是安全的，未保存的修改已存为草稿。请复制详细信息发给县里。</translation>
    </message>
    <message>
        <location filename="../desktop/widgets/error_dialog.py" line="81" />
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../desktop/widgets/error_dialog.py" line="85" />
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="37" />
        <source>Export to the county</source>
        <translation>导出报送县里</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="40" />
        <source>Plug in the USB stick and choose it below, or choose a folder.</source>
        <translation>请插入U盘并在下面选择，或选择一个文件夹。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="48" />
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="50" />
        <source>Choose a folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="56" />
        <source>Every revision, also those the county has acknowledged</source>
        <translation>全部修订（包括县里已确认的）</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="67" />
        <source>Print handover slip (PDF)…</source>
        <translation>打印交接单（PDF）…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="70" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="73" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="92" />
        <source>No USB stick found: plug one in and press “Look again”, or choose a folder.</source>
        <translation>没有找到U盘：请插入后点“重新查找”，或选择文件夹。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="102" />
        <source>{drive} — {free} GB free of {total} GB</source>
        <translation>{drive} — 可用 {free} GB，共 {total} GB</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="112" />
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="128" />
        <source>Writing and verifying the bundle…</source>
        <translation>正在写入并校验数据包…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="143" />
        <source>Save the handover slip</source>
        <translation>保存交接单</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="153" />
        <source>Destination: {folder}</source>
        <translation>保存到：{folder}</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="162" />
        <source>Writing… do not remove the stick.</source>
        <translation>正在写入……请不要拔出U盘。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="167" />
        <source>Written and verified. It is now safe to remove the stick.
File {file}, sequence number {seq}, {households} households, {revisions} revisions.</source>
        <translation>已写入并校验，现在可以安全拔出U盘。
文件 {file}，序号 {seq}，{households} 户，{revisions} 条修订。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/export_dialog.py" line="173" />
        <source>The export failed: {reason}</source>
        <translation>导出失败：{reason}</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../desktop/capture/findings_panel.py" line="57" />
        <source>{e} errors, {w} warnings</source>
        <translation>{e} 个错误，{w} 个提醒</translation>
    </message>
</context>
<context>
    <name>HandoverSlip</name>
    <message>
        <location filename="../desktop/transfer/slip.py" line="69" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="70" />
        <source>Written at</source>
        <translation>写出时间</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="71" />
        <source>Sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="72" />
        <source>Revisions</source>
        <translation>修订数</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="73" />
        <source>Households recorded</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="74" />
        <source>Deletions</source>
        <translation>删除数</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="75" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="85" />
        <location filename="../desktop/transfer/slip.py" line="99" />
        <source>Mopai handover slip</source>
        <translation>摸排数据交接单</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="110" />
        <source>SHA-256 of the bundle file:</source>
        <translation>数据包文件的 SHA-256：</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/slip.py" line="125" />
        <source>Handed over by: ____________    Received by: ____________</source>
        <translation>交出人：____________    接收人：____________</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="29" />
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="34" />
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="38" />
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="38" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="38" />
        <source>Who</source>
        <translation>修改人</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="39" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="39" />
        <source>Change</source>
        <translation>修改内容</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="58" />
        <source>saved</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="58" />
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="60" />
        <source> (imported)</source>
        <translation>（导入）</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="62" />
        <source>Revision {n}: {kind}</source>
        <translation>第 {n} 版：{kind}</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="65" />
        <source>{n} changes</source>
        <translation>{n} 处修改</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="73" />
        <source>{n} revisions</source>
        <translation>共 {n} 个版本</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="80" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="83" />
        <source>member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="93" />
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../desktop/capture/history_dialog.py" line="93" />
        <source>draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>HouseholdEditor</name>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="119" />
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="120" />
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="121" />
        <source>Save as complete</source>
        <translation>保存为完成</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="122" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="123" />
        <source>Delete household</source>
        <translation>删除此户</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="289" />
        <source>Remove member</source>
        <translation>删除成员</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="290" />
        <source>Remove {name} from this household?</source>
        <translation>从本户删除“{name}”？</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="363" />
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="364" />
        <source>This household has unsaved changes.</source>
        <translation>本户有未保存的修改。</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="419" />
        <source>(new)</source>
        <translation>（新户）</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="420" />
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="421" />
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_editor.py" line="423" />
        <source>Household {no} — {status}</source>
        <translation>户编号 {no} — {status}</translation>
    </message>
</context>
<context>
    <name>HouseholdList</name>
    <message>
        <location filename="../desktop/capture/household_list.py" line="117" />
        <source>Search: name, pinyin initials (zs), ID number, household no., phone</source>
        <translation>搜索：姓名、拼音首字母（如 zs）、身份证号、户编号、电话</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_list.py" line="118" />
        <source>New household</source>
        <translation>新增农户</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_list.py" line="119" />
        <source>Zero-employment households</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_list.py" line="120" />
        <source>With errors</source>
        <translation>有错误</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_list.py" line="121" />
        <source>Household type</source>
        <translation>户类型</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_list.py" line="122" />
        <source>Not surveyed since</source>
        <translation>此日期后未调查</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_list.py" line="126" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_list.py" line="205" />
        <source>{n} households</source>
        <translation>共 {n} 户</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <location filename="../desktop/capture/household_model.py" line="48" />
        <source>Household no.</source>
        <translation>户编号</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="49" />
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="50" />
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="51" />
        <source>Household type</source>
        <translation>户类型</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="52" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="53" />
        <source>Errors / warnings</source>
        <translation>错误 / 提醒</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="54" />
        <source>Survey date</source>
        <translation>调查日期</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="55" />
        <source>Last saved</source>
        <translation>最后保存</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="200" />
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../desktop/capture/household_model.py" line="202" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="40" />
        <source>Import bundles</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="44" />
        <source>Import a file…</source>
        <translation>导入一个文件…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="46" />
        <source>Import a folder or USB stick…</source>
        <translation>导入文件夹或U盘…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="63" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="63" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="64" />
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="72" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="80" />
        <source>Choose a bundle</source>
        <translation>选择数据包</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="81" />
        <source>Mopai bundles (*.mopai)</source>
        <translation>摸排数据包 (*.mopai)</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="86" />
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="96" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="98" />
        <source>Checking and importing bundles…</source>
        <translation>正在检查并导入数据包…</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="109" />
        <source>The import failed: {reason}</source>
        <translation>导入失败：{reason}</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="120" />
        <source>Accepted</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="120" />
        <source>Already imported</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="121" />
        <source>Rejected</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="128" />
        <source>village {code}, sequence {seq}: nothing changed</source>
        <translation>村 {code}，序号 {seq}：没有变化</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="130" />
        <source>village {code}, sequence {seq}: {new} new revisions, {households} households, {conflicts} conflicts, {quarantined} quarantined</source>
        <translation>村 {code}，序号 {seq}：新修订 {new} 条，{households} 户，冲突 {conflicts} 个，隔离 {quarantined} 条</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="136" />
        <source>; missing sequence numbers: {gaps}</source>
        <translation>；缺少序号：{gaps}</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="151" />
        <source>No bundles (*.mopai) found there.</source>
        <translation>那里没有找到数据包（*.mopai）。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="155" />
        <source>{a} accepted, {b} already imported, {c} rejected</source>
        <translation>接收 {a} 个，已导入过 {b} 个，拒收 {c} 个</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/import_dialog.py" line="162" />
        <source>Possible cloned device! {n} bundle(s) carry a device and sequence number that were already imported with different content: {files}. Do not use that laptop's data until the county has checked it.</source>
        <translation>可能是被复制的设备！有 {n} 个数据包的设备和序号已经导入过，但内容不同：{files}。在县里核查之前，请不要使用那台电脑的数据。</translation>
    </message>
</context>
<context>
    <name>KeepBothDialog</name>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="51" />
        <source>Keep both records</source>
        <translation>两条都保留</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="52" />
        <source>Both records with ID number {id} stand. Why? (for example: works in the other village, registration not moved yet)</source>
        <translation>证件号码 {id} 的两条记录都保留，原因是什么？（例如：在外村务工、户籍尚未迁移）</translation>
    </message>
    <message>
        <location filename="../desktop/review/duplicate_view.py" line="54" />
        <source>Keep both</source>
        <translation>都保留</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../desktop/shell/main_window.py" line="117" />
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="118" />
        <source>Households</source>
        <translation>农户名单</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="119" />
        <source>New household</source>
        <translation>新增农户</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="120" />
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="121" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="122" />
        <source>Export to USB</source>
        <translation>导出到U盘</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="123" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="124" />
        <source>Enrolment</source>
        <translation>设备登记</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="125" />
        <source>Villages and devices</source>
        <translation>村和设备</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="126" />
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="127" />
        <source>County definitions</source>
        <translation>统计口径</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="139" />
        <source>Mopai</source>
        <translation>摸排</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="147" />
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../desktop/shell/main_window.py" line="245" />
        <source>To review</source>
        <translation>待处理</translation>
    </message>
</context>
<context>
    <name>MopaiApp</name>
    <message>
        <location filename="../desktop/shell/app.py" line="111" />
        <source>Preparing the demo village…</source>
        <translation>正在准备演示村…</translation>
    </message>
    <message>
        <location filename="../desktop/shell/app.py" line="117" />
        <source>Mopai — {name} ({code})</source>
        <translation>摸排 — {name}（{code}）</translation>
    </message>
    <message>
        <location filename="../desktop/shell/app.py" line="138" />
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
</context>
<context>
    <name>QuarantineView</name>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="73" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="73" />
        <source>Household</source>
        <translation>户信息</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="74" />
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="74" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="75" />
        <source>Why it was kept aside</source>
        <translation>隔离原因</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="76" />
        <source>Nothing in quarantine.</source>
        <translation>没有被隔离的记录。</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="77" />
        <source>Approve the move…</source>
        <translation>批准迁户…</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="82" />
        <source>unreadable record {id}</source>
        <translation>无法读取的记录 {id}</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="109" />
        <source>Village {code}, household {household}</source>
        <translation>村 {code}，户 {household}</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="111" />
        <source>Revision made by {who} on {when}, device {device}; received {received}</source>
        <translation>由 {who} 于 {when} 在设备 {device} 上修改；{received} 收到</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="115" />
        <source>Reasons:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="118" />
        <source>Village {claimant} changed a household of village {owner}. If the household has moved, approve the move; otherwise nothing of this change is used.</source>
        <translation>村 {claimant} 修改了村 {owner} 的户。如果该户确已迁入，请批准迁户；否则这次修改不会被采用。</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="123" />
        <source>The revision is kept here and not merged. Ask the village to correct the record and send it again.</source>
        <translation>这个版本保存在这里，没有合并。请村里改正这条记录后重新报送。</translation>
    </message>
    <message>
        <location filename="../desktop/review/quarantine_view.py" line="146" />
        <source>Approved: the household now belongs to village {code}.</source>
        <translation>已批准：该户现属于村 {code}。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../desktop/widgets/reason_dialog.py" line="37" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../desktop/county/reports.py" line="67" />
        <source>County summary workbook</source>
        <translation>全县汇总表</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="69" />
        <source>Figures by township and village, the 零就业家庭 list, the 一库五册 rosters, data quality and the township rankings, in one Excel workbook.</source>
        <translation>分乡镇、分村指标，零就业家庭名单，一库五册名册，数据质量和乡镇排名，合在一个Excel工作簿中。</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="71" />
        <source>Make the summary workbook…</source>
        <translation>生成汇总表…</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="72" />
        <source>Ledger (台账)</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="73" />
        <source>One row per person of a village or a township.</source>
        <translation>一个村或乡镇的台账，每人一行。</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="74" />
        <source>Make the ledger…</source>
        <translation>生成台账…</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="110" />
        <source>summary</source>
        <translation>汇总表</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="111" />
        <source>Save the summary workbook</source>
        <translation>保存汇总表</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="113" />
        <location filename="../desktop/county/reports.py" line="124" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="121" />
        <source>ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="122" />
        <source>Save the ledger</source>
        <translation>保存台账</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="135" />
        <source>Writing {file}…</source>
        <translation>正在写入 {file}…</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="136" />
        <source>Writing the summary workbook…</source>
        <translation>正在生成汇总表…</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="137" />
        <source>Writing the ledger…</source>
        <translation>正在生成台账…</translation>
    </message>
    <message>
        <location filename="../desktop/county/reports.py" line="145" />
        <source>Written: {file}</source>
        <translation>已生成：{file}</translation>
    </message>
</context>
<context>
    <name>RestoreDraftDialog</name>
    <message>
        <location filename="../desktop/capture/restore_dialog.py" line="30" />
        <source>Restore unsaved household?</source>
        <translation>恢复未保存的农户？</translation>
    </message>
    <message>
        <location filename="../desktop/capture/restore_dialog.py" line="33" />
        <source>Mopai did not close normally. A household you were editing was saved as a draft at {time}:</source>
        <translation>摸排上次没有正常关闭。您正在填写的一户已于 {time} 自动存为草稿：</translation>
    </message>
    <message>
        <location filename="../desktop/capture/restore_dialog.py" line="41" />
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../desktop/capture/restore_dialog.py" line="43" />
        <source>Discard draft</source>
        <translation>放弃草稿</translation>
    </message>
    <message>
        <location filename="../desktop/capture/restore_dialog.py" line="44" />
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../desktop/review/review_page.py" line="56" />
        <source>Conflicts ({n})</source>
        <translation>冲突（{n}）</translation>
    </message>
    <message>
        <location filename="../desktop/review/review_page.py" line="57" />
        <source>Quarantine ({n})</source>
        <translation>隔离（{n}）</translation>
    </message>
    <message>
        <location filename="../desktop/review/review_page.py" line="58" />
        <source>Duplicate ID numbers ({n})</source>
        <translation>重复证件号（{n}）</translation>
    </message>
    <message>
        <location filename="../desktop/review/review_page.py" line="61" />
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../desktop/review/review_page.py" line="62" />
        <source>{n} items wait for a person.</source>
        <translation>有 {n} 项等待人工处理。</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <location filename="../desktop/county/revoke_dialog.py" line="22" />
        <source>Revoke a device</source>
        <translation>吊销设备</translation>
    </message>
    <message>
        <location filename="../desktop/county/revoke_dialog.py" line="24" />
        <source>Revoke {device} of {village}?</source>
        <translation>吊销 {village} 的设备 {device}？</translation>
    </message>
    <message>
        <location filename="../desktop/county/revoke_dialog.py" line="28" />
        <source>Reason (lost, stolen, replaced…):</source>
        <translation>原因（丢失、被盗、更换…）：</translation>
    </message>
    <message>
        <location filename="../desktop/county/revoke_dialog.py" line="32" />
        <source>I understand: bundles from this device will be refused and it cannot be enrolled again</source>
        <translation>我明白：此后该设备的数据包将被拒收，且不能再次登记</translation>
    </message>
    <message>
        <location filename="../desktop/county/revoke_dialog.py" line="39" />
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <location filename="../desktop/county/revoke_dialog.py" line="40" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Roster</name>
    <message>
        <location filename="../desktop/capture/roster.py" line="42" />
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <location filename="../desktop/capture/roster.py" line="43" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../desktop/capture/roster.py" line="44" />
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../desktop/capture/roster.py" line="45" />
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../desktop/capture/roster.py" line="54" />
        <source>Household</source>
        <translation>户信息</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../desktop/shell/settings_dialog.py" line="20" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../desktop/shell/settings_dialog.py" line="37" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../desktop/shell/settings_dialog.py" line="38" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../desktop/shell/settings_dialog.py" line="39" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../desktop/shell/settings_dialog.py" line="40" />
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../desktop/shell/settings_dialog.py" line="41" />
        <source>Lock after idle</source>
        <translation>无操作自动锁定</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="44" />
        <source>Mopai — first start</source>
        <translation>摸排 — 首次使用</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="56" />
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="57" />
        <location filename="../desktop/transfer/setup_dialog.py" line="197" />
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="88" />
        <source>Welcome to Mopai. There is no workspace on this computer yet.</source>
        <translation>欢迎使用摸排。这台电脑上还没有工作区。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="89" />
        <source>Create a workspace for my village, township or county</source>
        <translation>为本村、乡镇或县创建工作区</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="90" />
        <source>Open the demo village (synthetic data, to try things out)</source>
        <translation>打开演示村（模拟数据，供试用）</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="92" />
        <source>Who will use this computer?</source>
        <translation>这台电脑由谁使用？</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="93" />
        <source>A village (村)</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="93" />
        <source>A township (乡镇)</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="94" />
        <source>A county bureau (县人社局)</source>
        <translation>县人社局</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="104" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="110" />
        <source>Your name (first user)</source>
        <translation>您的姓名（第一个用户）</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="125" />
        <source>At least {n} characters. Nobody can recover the data without it, except the county with its recovery key.</source>
        <translation>至少 {n} 个字符。忘记密码后，只有县里用恢复密钥才能找回数据。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="130" />
        <source>Passphrase</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="131" />
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="133" />
        <source>Repeat passphrase</source>
        <translation>再输一次密码</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="157" />
        <source>Choose: create a workspace or open the demo.</source>
        <translation>请选择：创建工作区或打开演示村。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="158" />
        <source>Choose village, township or county.</source>
        <translation>请选择村、乡镇或县。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="159" />
        <source>The code must have {n} digits.</source>
        <translation>区划代码必须是 {n} 位数字。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="161" />
        <source>Enter the name of the village, township or county.</source>
        <translation>请填写村、乡镇或县的名称。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="162" />
        <source>Enter a user name (at most 64 characters).</source>
        <translation>请填写用户名（最多 64 个字）。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="163" />
        <source>The passphrase needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="165" />
        <source>The passphrase is too easy to guess: make it longer or mix letters, digits and signs.</source>
        <translation>密码太容易被猜到：请加长，或混用字母、数字和符号。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="168" />
        <source>The two passphrases differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="197" />
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="198" />
        <source>Administrative code ({n} digits)</source>
        <translation>区划代码（{n} 位）</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="201" />
        <source>village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="201" />
        <source>township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="202" />
        <source>county</source>
        <translation>县</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="203" />
        <source>Create a {role} workspace “{name}” ({code}) with the user “{user}”?</source>
        <translation>创建{role}级工作区“{name}”（{code}），第一个用户为“{user}”？</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="213" />
        <source>too weak</source>
        <translation>太弱</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="213" />
        <source>weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="213" />
        <source>fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="213" />
        <source>good</source>
        <translation>较强</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="214" />
        <source>strong</source>
        <translation>强</translation>
    </message>
    <message>
        <location filename="../desktop/transfer/setup_dialog.py" line="231" />
        <source>Creating the workspace…</source>
        <translation>正在创建工作区…</translation>
    </message>
</context>
<context>
    <name>StoreClient</name>
    <message>
        <location filename="../desktop/shell/client.py" line="265" />
        <source>Reading the area list…</source>
        <translation>正在读取区划名单…</translation>
    </message>
</context>
<context>
    <name>StoreWorker</name>
    <message>
        <location filename="../desktop/shell/worker.py" line="122" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../desktop/shell/worker.py" line="123" />
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../desktop/shell/unlock_page.py" line="78" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../desktop/shell/unlock_page.py" line="79" />
        <source>Passphrase</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../desktop/shell/unlock_page.py" line="80" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../desktop/shell/unlock_page.py" line="82" />
        <source>Locked. Enter your passphrase to continue.</source>
        <translation>已锁定。请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../desktop/shell/unlock_page.py" line="84" />
        <source>Demo workspace (synthetic data). Passphrase: {p}</source>
        <translation>演示工作区（模拟数据）。密码：{p}</translation>
    </message>
    <message>
        <location filename="../desktop/shell/unlock_page.py" line="121" />
        <source>Enter the passphrase.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>VillagesPage</name>
    <message>
        <location filename="../desktop/county/villages.py" line="132" />
        <source>Import from Excel…</source>
        <translation>从Excel导入…</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="133" />
        <source>Add township…</source>
        <translation>添加乡镇…</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="134" />
        <source>Add village…</source>
        <translation>添加村…</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="135" />
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="136" />
        <location filename="../desktop/county/villages.py" line="355" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="137" />
        <source>Approve enrolment request…</source>
        <translation>批准设备登记申请…</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="138" />
        <source>Revoke device…</source>
        <translation>吊销设备…</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="140" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="140" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="140" />
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="140" />
        <source>Households surveyed</source>
        <translation>已调查户数</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="141" />
        <location filename="../desktop/county/villages.py" line="265" />
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="141" />
        <location filename="../desktop/county/villages.py" line="145" />
        <source>Last bundle</source>
        <translation>最近数据包</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="141" />
        <source>Created</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="142" />
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="142" />
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="142" />
        <location filename="../desktop/county/villages.py" line="146" />
        <source>Missing sequence numbers</source>
        <translation>缺少的序号</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="144" />
        <location filename="../desktop/county/villages.py" line="213" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="144" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="144" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="144" />
        <source>Enrolled</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="145" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="145" />
        <source>Bundles</source>
        <translation>数据包数</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="201" />
        <location filename="../desktop/county/villages.py" line="213" />
        <source>(not in the list)</source>
        <translation>（不在名单中）</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="201" />
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="215" />
        <location filename="../desktop/county/villages.py" line="272" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="227" />
        <source>No bundle received from this village yet</source>
        <translation>尚未收到该村的任何数据包</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="231" />
        <source>Bundles with these sequence numbers never arrived: ask the village to bring them (or to export again)</source>
        <translation>这些序号的数据包没有收到：请该村送来（或重新导出）</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="264" />
        <source>Devices of {area}</source>
        <translation>{area} 的设备</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="268" />
        <source>revoked {when}: {reason}</source>
        <translation>已吊销 {when}：{reason}</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="270" />
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="271" />
        <source>{seq} (received {when})</source>
        <translation>{seq}（{when} 收到）</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="332" />
        <source>Added {code} {name}.</source>
        <translation>已添加 {code} {name}。</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="333" />
        <source>Renamed {code} to {name}.</source>
        <translation>已将 {code} 改名为 {name}。</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="334" />
        <source>Removed {code}.</source>
        <translation>已删除 {code}。</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="355" />
        <source>Remove {code} {name} from the list?</source>
        <translation>从名单中删除 {code} {name}？</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="361" />
        <source>Township and village list</source>
        <translation>乡镇和村名单</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="362" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="369" />
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="373" />
        <source>Imported {t} townships and {v} villages; they go to the villages with the next setup files and return bundles.</source>
        <translation>已导入 {t} 个乡镇、{v} 个村；名单将随下次登记回执和回传数据包发给各村。</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="384" />
        <source>row {row}</source>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="386" />
        <source>column {column}</source>
        <translation>第 {column} 列</translation>
    </message>
    <message>
        <location filename="../desktop/county/villages.py" line="406" />
        <source>Revoked {device}.</source>
        <translation>已吊销 {device}。</translation>
    </message>
</context>
</TS>