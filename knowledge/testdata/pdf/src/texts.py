# The documents behind the test PDFs: original text written for these tests.

charter = [
 ('h', 'A Study Guide to the Collective Security Treaty'),
 ('p', 'This guide summarises the structure of the Collective Security Treaty Organization for readers who meet it for the first time. It follows the order of the founding documents and explains each body in plain words.'),
 ('p', 'The Collective Security Treaty was signed in Tashkent on 15 May 1992 by Armenia, Kazakhstan, Kyrgyzstan, Russia, Tajikistan and Uzbekistan. Azerbaijan, Belarus and Georgia joined in 1993, and the treaty entered into force in April 1994.'),
 ('p', 'The treaty was concluded for five years with the possibility of extension. In 1999 six of the nine members signed a protocol renewing it, while Azerbaijan, Georgia and Uzbekistan chose not to continue.'),
 ('h2', 'From treaty to organization'),
 ('p', 'In May 2002 the member states decided to turn the treaty into a full international organization. The Charter and the Agreement on the Legal Status of the Organization were signed in Chisinau on 7 October 2002.'),
 ('p', 'The Charter entered into force on 18 September 2003, and the Organization was granted observer status in the United Nations General Assembly in December 2004. Uzbekistan rejoined in 2006 and suspended its participation again in 2012.'),
 ('p', 'Article 3 of the Charter names the purposes of the Organization: to strengthen peace and international and regional security and stability, and to protect on a collective basis the independence, territorial integrity and sovereignty of the member states.'),
 ('p', 'Article 4 commits the member states to coordinate their foreign policy positions on international and regional security problems. The same article asks them to prefer political means to the use of force whenever a dispute arises.'),
 ('h2', 'The bodies of the Organization'),
 ('p', 'The Collective Security Council is the highest body. It consists of the heads of state of the members and meets once a year; its chairmanship passes in turn to each member state in the Russian alphabetical order of their names.'),
 ('p', 'The Council of Foreign Ministers coordinates the foreign policy of the members, and the Council of Defence Ministers deals with military policy, military cooperation and the training of armed forces. The Committee of Secretaries of Security Councils handles national security matters.'),
 ('p', 'The Secretary General is the highest administrative official and heads the Secretariat in Moscow. The Joint Staff, created in 2004, prepares proposals on the military component of the Organization and carries out decisions of the councils.'),
 ('p', 'The Parliamentary Assembly, which meets in Saint Petersburg, brings together delegations of the national parliaments. It works on bringing the members\u2019 laws on defence and security closer to one another.'),
 ('h2', 'Collective forces'),
 ('p', 'The Collective Rapid Reaction Forces were formed in 2009 on the basis of units that the member states keep at readiness. Their tasks include repelling military aggression, carrying out special operations against terrorism and responding to emergencies.'),
 ('p', 'A peacekeeping force was agreed upon in 2007 and declared operational in 2010. In January 2022 the Collective Security Council sent a contingent to Kazakhstan at the request of its president; the last units left the country before the end of that month.'),
 ('p', 'Exercises are held every year under names such as Interaction, Search and Echelon. They rehearse the joint planning of operations, the supply of troops far from home and the cooperation of staffs from several countries.'),
 ('h2', 'Membership today'),
 ('p', 'At the time of writing the Organization has six member states: Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan. Armenia froze its participation in 2024 and stopped financing the budget of the Organization.'),
 ('p', 'Decisions of the councils are taken by consensus, which gives every member state a veto over the common line. Critics say that this rule has made the Organization slow to respond to conflicts between its own members.'),
 ('p', 'Readers who want the full texts should consult the official publications of the Secretariat. This guide is a study aid and has no legal force.'),
]

bulletin = [
 ('h', 'Security Bulletin: Notes from the Dushanbe Session'),
 ('p', 'A digest of the statements made at the autumn session, prepared for the members of the reading group.'),
 ('cols', ''),
 ('h2', 'The opening'),
 ('p', 'The session opened on a cold Monday morning in the conference hall of the Palace of Nations. The chairman welcomed the delegations and read a message from the host government.'),
 ('p', 'Delegates first approved the agenda, which had been circulated three weeks earlier. Two items on border security in Central Asia were moved to the top of the list at the request of Tajikistan.'),
 ('p', 'The Secretary General then presented the annual report. He spoke of progress in the joint training of staff officers and of the difficulty of financing the new communications network.'),
 ('h2', 'Border questions'),
 ('p', 'Much of the first day was spent on the Tajik-Afghan border. The Tajik delegation described the situation along the Panj river and asked for help with engineering works and surveillance equipment.'),
 ('p', 'Several members supported a programme of targeted assistance. The ministers agreed that the details would be prepared by the Joint Staff and presented at the next meeting of the defence ministers.'),
 ('p', 'The Kyrgyz delegation recalled the clashes on its own border with Tajikistan and called for a mechanism to settle such disputes inside the Organization. No decision was taken on that proposal.'),
 ('h2', 'Training and exercises'),
 ('p', 'The defence ministers reviewed the exercises of the past year. They noted that the reconnaissance units of five countries had for the first time worked from a single command post.'),
 ('p', 'A new training centre for peacekeepers will be opened near Almaty. Its courses will be taught in Russian and will admit officers from every member state and from partner countries.'),
 ('p', 'Medical units will join the next exercise, which is planned for the spring on a range in Belarus. The ministers asked for a report on how field hospitals could be deployed in less than a week.'),
 ('h2', 'Closing remarks'),
 ('p', 'In his closing remarks the chairman thanked the interpreters, who had worked late into the night. He said that the session had shown both the value of regular meetings and the limits of consensus.'),
 ('p', 'The next session will take place in Minsk. The date will be fixed by the Council of Foreign Ministers after consultations with the host country.'),
 ('endcols', ''),
]

russian = [
 ('h', 'Организация Договора о коллективной безопасности'),
 ('p', 'Договор о коллективной безопасности был подписан в Ташкенте 15 мая 1992 года. Его подписали Армения, Казахстан, Киргизия, Россия, Таджикистан и Узбекистан.'),
 ('p', 'В 1993 году к договору присоединились Азербайджан, Белоруссия и Грузия. Договор вступил в силу в апреле 1994 года сроком на пять лет.'),
 ('p', 'В 2002 году государства-участники решили преобразовать договор в международную региональную организацию. Устав организации был подписан в Кишинёве 7 октября 2002 года.'),
 ('h2', 'Органы организации'),
 ('p', 'Высшим органом является Совет коллективной безопасности, в который входят главы государств. Совет министров иностранных дел координирует внешнюю политику государств-членов.'),
 ('p', 'Совет министров обороны занимается вопросами военной политики и военного сотрудничества. Секретариат организации находится в Москве, его возглавляет Генеральный секретарь.'),
 ('p', 'Парламентская ассамблея собирается в Санкт-Петербурге. Она занимается сближением законодательства государств-членов в области обороны и безопасности.'),
 ('h2', 'Коллективные силы'),
 ('p', 'Коллективные силы оперативного реагирования были созданы в 2009 году. Их задачи включают отражение военной агрессии, борьбу с терроризмом и ликвидацию последствий чрезвычайных ситуаций.'),
 ('p', 'В январе 2022 года миротворческий контингент организации был направлен в Казахстан по просьбе президента этой страны. Последние подразделения покинули Казахстан до конца того же месяца.'),
 ('p', 'Ежегодно проводятся совместные учения, в которых участвуют штабы и войска нескольких государств. Учения позволяют отработать совместное планирование операций и снабжение войск.'),
]

write('charter.fodt', doc('A Study Guide to the Collective Security Treaty', 'Elena Marsh', '2023-03-14T09:30:00', 'en', 'GB', 15, charter,
      header='Study guide \u2014 not an official text'))
write('bulletin.fodt', doc('Security Bulletin | Reading Group', 'Tomas Varga', '2022-11-02T12:00:00', 'en', 'GB', 10, bulletin, columns=2, footer=True))
write('russian.fodt', doc('', '', '', 'ru', 'RU', 12, russian, footer=False))

# A long report for measuring speed: the guide's sections, over and over,
# numbered so that no two paragraphs are the same.
long_body = [('h', 'Collected Study Notes on Regional Security')]
for part in range(1, 31):
    long_body.append(('h2', f'Part {part}'))
    for kind, text in charter[1:]:
        long_body.append((kind, f'{text} (Note {part}.)' if kind == 'p' else f'{text}, part {part}'))
write('long.fodt', doc('Collected Study Notes on Regional Security', 'Reading Group', '', 'en', 'GB', 11, long_body))
