"""The paper detail of docs/hf-api.md section 4 (E3/E4), verbatim: the readers of a paper,
its extras and its comments are tested on the same bytes the hub sends."""

E3_DETAIL = r"""
{"id":"2603.01234","authors":[{"_id":"69aa20ecc4f6edddcc6c0001","name":"Ada Lovelace","hidden":false}],
 "publishedAt":"2026-03-04T17:08:18.000Z","submittedOnDailyAt":"2026-03-06T03:55:12.777Z","title":"Tiny Models Read Papers",
 "summary":"We show that tiny models\ncan read papers.","upvotes":42,"discussionId":"69aa20edc4f6edddcc6c0003",
 "githubRepo":"https://github.com/example/tiny","ai_summary":"Tiny models read papers well.",
 "linkedModels":[{"id":"example/tiny-1b","author":"example","downloads":1200,"likes":8,"lastModified":"2026-03-05T10:00:00.000Z",
   "private":false,"repoType":"model","gated":false,"isLikedByUser":false,"availableInferenceProviders":[],"pipeline_tag":"text-generation"}],
 "numTotalModels":1,"linkedDatasets":[],"numTotalDatasets":0,
 "linkedSpaces":[{"id":"example/tiny-demo","emoji":"📄","running":true,"featured":false}],"numTotalSpaces":1,
 "comments":[{"id":"69ab00000000000000000001","createdAt":"2026-03-06T08:00:00.000Z","type":"comment",
   "author":{"_id":"65a103d5230f8846b1b90002","avatarUrl":"/avatars/abc.svg","fullname":"Grace Hopper","name":"grace","type":"user",
     "isPro":false,"isHf":false,"isHfAdmin":false,"isMod":false},
   "data":{"edited":false,"hidden":false,"latest":{"raw":"Nice **work**!","html":"<p>Nice <strong>work</strong>!</p>\n",
     "updatedAt":"2026-03-06T08:00:00.000Z"},"numEdits":0,"editors":["grace"],"editorAvatarUrls":["/avatars/abc.svg"],
     "reactions":[{"reaction":"rocket","users":["ada"],"count":1}]}}]}
"""  # noqa: E501
