//! Lists every conversation of a WhatsApp account as a table, page by page.
//!
//! ```sh
//! KIRIM_TOKEN=... cargo run --example list_conversations -- \
//!     --phone-number-id 106540352242922 [--status open] [--contact-id ctc_...] \
//!     [--limit 50] [--base-url https://api.kirim.chat/v1]
//! ```

use futures_util::StreamExt;
use kirim::models::{ContactId, Conversation, ConversationStatus, Limit, PhoneNumberId};
use kirim::{Client, ListConversationsParams, DEFAULT_BASE_URL};
use std::process::ExitCode;

const USAGE: &str =
    "usage: list_conversations --phone-number-id ID [--status open|resolved|pending] \
[--contact-id ctc_...] [--limit N] [--base-url URL]   (the token is read from KIRIM_TOKEN)";

struct Options {
    base_url: String,
    phone_number_id: PhoneNumberId,
    params: ListConversationsParams,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut base_url = DEFAULT_BASE_URL.to_owned();
    let mut phone_number_id = None;
    let mut params = ListConversationsParams::default();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--base-url" => base_url = value()?,
            "--phone-number-id" => {
                phone_number_id = Some(PhoneNumberId::new(value()?).map_err(|e| e.to_string())?)
            }
            "--status" => params.status = Some(ConversationStatus::from(value()?)),
            "--contact-id" => {
                params.contact_id = Some(ContactId::new(value()?).map_err(|e| e.to_string())?)
            }
            "--limit" => params.limit = Some(Limit::new(value()?).map_err(|e| e.to_string())?),
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let phone_number_id = phone_number_id.ok_or("--phone-number-id is required")?;
    Ok(Options {
        base_url,
        phone_number_id,
        params,
    })
}

/// Cuts `text` to `width` characters, marking the cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(width - 1).collect();
        format!("{kept}…")
    }
}

fn row(conversation: &Conversation) -> String {
    let contact = &conversation.contact;
    let who = contact
        .name
        .as_deref()
        .or(contact.phone_number.as_deref())
        .unwrap_or(&contact.id);
    let last = conversation.last_message_at.map_or_else(
        || "-".to_owned(),
        |at| at.format("%Y-%m-%d %H:%M").to_string(),
    );
    format!(
        "{:<30}  {:<9}  {:<24}  {:>6}  {}",
        fit(&conversation.id, 30),
        fit(conversation.status.as_str(), 9),
        fit(who, 24),
        conversation.unread_count,
        last
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Ok(token) = std::env::var("KIRIM_TOKEN") else {
        eprintln!("set KIRIM_TOKEN to your API token\n{USAGE}");
        return ExitCode::from(2);
    };
    let client = match Client::with_base_url(&options.base_url, token) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };

    println!(
        "{:<30}  {:<9}  {:<24}  {:>6}  LAST MESSAGE (UTC offset kept)",
        "ID", "STATUS", "CONTACT", "UNREAD"
    );
    let mut conversations =
        client.list_conversations_stream(&options.phone_number_id, &options.params);
    let mut count = 0usize;
    while let Some(conversation) = conversations.next().await {
        match conversation {
            Ok(conversation) => {
                println!("{}", row(&conversation));
                count += 1;
            }
            Err(error) => {
                eprintln!("error after {count} conversations: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{count} conversations");
    ExitCode::SUCCESS
}
