package discordtest

import (
	"encoding/json"
	"time"
)

// The types below are Discord's wire format, trimmed to what a bot reads.
// They are the fake's own, not discordgo's, so that the fake checks what is
// on the wire rather than what one library happens to produce.

// User is a Discord user.
type User struct {
	ID         string `json:"id"`
	Username   string `json:"username"`
	GlobalName string `json:"global_name,omitempty"`
	Bot        bool   `json:"bot,omitempty"`
}

// MarshalJSON adds the fields Discord always sends for a user.
func (u User) MarshalJSON() ([]byte, error) {
	type plain User
	return json.Marshal(struct {
		plain
		Discriminator string  `json:"discriminator"`
		Avatar        *string `json:"avatar"`
	}{plain: plain(u), Discriminator: "0"})
}

// Channel types the fake uses (Discord's numbering).
const (
	ChannelTypeGuildText     = 0
	ChannelTypeDM            = 1
	ChannelTypePublicThread  = 11
	ChannelTypePrivateThread = 12
	ChannelTypeGuildForum    = 15
)

// Channel is a guild text channel, a forum channel, a thread (a forum's
// posts are threads) or a DM channel.
type Channel struct {
	ID             string          `json:"id"`
	Type           int             `json:"type"`
	GuildID        string          `json:"guild_id,omitempty"`
	ParentID       string          `json:"parent_id,omitempty"`
	Name           string          `json:"name,omitempty"`
	OwnerID        string          `json:"owner_id,omitempty"`
	Recipients     []User          `json:"recipients,omitempty"`
	ThreadMetadata *ThreadMetadata `json:"thread_metadata,omitempty"`
	// AvailableTags are a forum's tags, which its posts may carry.
	AvailableTags []ForumTag `json:"available_tags,omitempty"`
	// AppliedTags are the IDs of the tags a forum post carries.
	AppliedTags []string `json:"applied_tags,omitempty"`
}

// ForumTag is a tag of a forum channel. Moderated tags may be applied
// only by members who may manage threads.
type ForumTag struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Moderated bool    `json:"moderated"`
	EmojiID   *string `json:"emoji_id"`
	EmojiName *string `json:"emoji_name"`
}

// ThreadMetadata describes a thread channel.
type ThreadMetadata struct {
	Archived            bool      `json:"archived"`
	AutoArchiveDuration int       `json:"auto_archive_duration"`
	Locked              bool      `json:"locked"`
	CreateTimestamp     time.Time `json:"create_timestamp"`
}

// Message types the fake produces.
const (
	MessageTypeDefault       = 0
	MessageTypeReply         = 19
	MessageTypeChatInputCmd  = 20
	MessageTypeThreadStarter = 21
)

// Message flags the fake understands.
const (
	FlagEphemeral = 1 << 6
	FlagLoading   = 1 << 7 // "bot is thinking", set by a deferred response
)

// Message is a message as Discord stores and returns it. Fields tagged "-"
// are the fake's bookkeeping for assertions.
type Message struct {
	ID                  string               `json:"id"`
	ChannelID           string               `json:"channel_id"`
	GuildID             string               `json:"guild_id,omitempty"`
	Author              User                 `json:"author"`
	Content             string               `json:"content"`
	Timestamp           time.Time            `json:"timestamp"`
	EditedTimestamp     *time.Time           `json:"edited_timestamp"`
	Mentions            []User               `json:"mentions"`
	MentionEveryone     bool                 `json:"mention_everyone"`
	MentionRoles        []string             `json:"mention_roles"`
	Embeds              []Embed              `json:"embeds"`
	Components          []json.RawMessage    `json:"components"`
	Attachments         []Attachment         `json:"attachments"`
	Flags               int                  `json:"flags"`
	Type                int                  `json:"type"`
	WebhookID           string               `json:"webhook_id,omitempty"`
	ApplicationID       string               `json:"application_id,omitempty"`
	MessageReference    *MessageReference    `json:"message_reference,omitempty"`
	ReferencedMessage   *Message             `json:"referenced_message,omitempty"`
	InteractionMetadata *InteractionMetadata `json:"interaction_metadata,omitempty"`
	Thread              *Channel             `json:"thread,omitempty"`
	Member              map[string]any       `json:"member,omitempty"` // a user's guild message: their roles

	// Edits counts the PATCHes applied after creation.
	Edits int `json:"-"`
	// Deleted is set by a DELETE; deleted messages stay for assertions.
	Deleted bool `json:"-"`
	// AllowedMentions is the allowed_mentions object of the last create or
	// edit, raw; nil when none was sent.
	AllowedMentions json.RawMessage `json:"-"`
	// Pings lists the users this message notifies once allowed_mentions is
	// applied (MentionRoles, on the wire, lists the roles it notifies);
	// PingsEveryone tells whether it pings @everyone or @here.
	Pings         []string `json:"-"`
	PingsEveryone bool     `json:"-"`
}

// Embed is a rich embed.
type Embed struct {
	Title       string       `json:"title,omitempty"`
	Type        string       `json:"type,omitempty"`
	Description string       `json:"description,omitempty"`
	URL         string       `json:"url,omitempty"`
	Timestamp   string       `json:"timestamp,omitempty"`
	Color       int          `json:"color,omitempty"`
	Footer      *EmbedFooter `json:"footer,omitempty"`
	Image       *EmbedMedia  `json:"image,omitempty"`
	Thumbnail   *EmbedMedia  `json:"thumbnail,omitempty"`
	Author      *EmbedAuthor `json:"author,omitempty"`
	Fields      []EmbedField `json:"fields,omitempty"`
}

// EmbedFooter is the footer of an embed.
type EmbedFooter struct {
	Text    string `json:"text"`
	IconURL string `json:"icon_url,omitempty"`
}

// EmbedMedia is an embed's image or thumbnail.
type EmbedMedia struct {
	URL string `json:"url"`
}

// EmbedAuthor is the author line of an embed.
type EmbedAuthor struct {
	Name    string `json:"name"`
	URL     string `json:"url,omitempty"`
	IconURL string `json:"icon_url,omitempty"`
}

// EmbedField is one name/value field of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// Attachment is a file uploaded with a message (multipart files[n]).
type Attachment struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type,omitempty"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
}

// MessageReference points a reply at the message it answers.
type MessageReference struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id,omitempty"`
	GuildID   string `json:"guild_id,omitempty"`
}

// InteractionMetadata links an interaction response to its interaction.
type InteractionMetadata struct {
	ID   string `json:"id"`
	Type int    `json:"type"`
	User User   `json:"user"`
}

// Button is a button found in a message's components.
type Button struct {
	CustomID string `json:"custom_id"`
	Label    string `json:"label"`
	Style    int    `json:"style"`
	URL      string `json:"url"`
	Disabled bool   `json:"disabled"`
}

// Buttons returns the buttons of m's action rows, in order.
func (m Message) Buttons() []Button {
	var out []Button
	for _, raw := range m.Components {
		var row struct {
			Components []struct {
				Type int `json:"type"`
				Button
			} `json:"components"`
		}
		if json.Unmarshal(raw, &row) != nil {
			continue
		}
		for _, c := range row.Components {
			if c.Type == componentButton {
				out = append(out, c.Button)
			}
		}
	}
	return out
}

// Component types the fake reads.
const (
	componentActionRow = 1
	componentButton    = 2
	componentTextInput = 4
)

// clone returns a copy of m that shares no slices with it, for handing out
// while the fake keeps editing the original.
func (m *Message) clone() Message {
	c := *m
	c.Mentions = append([]User(nil), m.Mentions...)
	c.Embeds = append([]Embed(nil), m.Embeds...)
	c.Components = append([]json.RawMessage(nil), m.Components...)
	c.Attachments = append([]Attachment(nil), m.Attachments...)
	c.Pings = append([]string(nil), m.Pings...)
	c.MentionRoles = append([]string(nil), m.MentionRoles...)
	if m.ReferencedMessage != nil {
		r := m.ReferencedMessage.clone()
		c.ReferencedMessage = &r
	}
	return c
}

// wire returns m as JSON-ready value with empty lists as [] rather than
// null, the way Discord sends them.
func (m Message) wire() Message {
	if m.Mentions == nil {
		m.Mentions = []User{}
	}
	if m.MentionRoles == nil {
		m.MentionRoles = []string{}
	}
	if m.Embeds == nil {
		m.Embeds = []Embed{}
	}
	if m.Components == nil {
		m.Components = []json.RawMessage{}
	}
	if m.Attachments == nil {
		m.Attachments = []Attachment{}
	}
	return m
}
